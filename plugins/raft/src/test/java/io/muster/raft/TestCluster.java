package io.muster.raft;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** Raft servers inside this JVM on 127.0.0.1, each with its own port and data dir. */
final class TestCluster implements AutoCloseable {
    final class Node {
        final String name;
        final int port;
        final Path dataDir;
        final Map<String, Object> extraConfig = new HashMap<>();
        CounterStateMachine kernel;
        RaftConsensus consensus;

        Node(String name, int port, Path dataDir) {
            this.name = name;
            this.port = port;
            this.dataDir = dataDir;
        }

        String rpcAddress() {
            return "127.0.0.1:" + (port + 1);
        }

        String raftAddress() {
            return "127.0.0.1:" + port;
        }

        /** Starts with a fresh in-memory kernel (as the kernel does after a restart). */
        Node start() throws Exception {
            kernel = new CounterStateMachine();
            consensus = new RaftConsensus();
            Map<String, Object> cfg = new HashMap<>(baseConfig);
            cfg.put("ports.raft", port);
            List<String> others = new ArrayList<>();
            for (Node n : nodes) {
                if (n != this) {
                    others.add(n.name + "=" + n.raftAddress() + "/" + n.rpcAddress());
                }
            }
            cfg.put("raft.servers", others);
            cfg.putAll(extraConfig);
            consensus.start(new TestContext(kernel, new MapConfig(cfg), name, rpcAddress(), Optional.of(dataDir)));
            return this;
        }

        void stop() {
            if (consensus != null) {
                consensus.stop();
                consensus = null;
            }
        }

        boolean running() {
            return consensus != null;
        }
    }

    private final Path root;
    private final Map<String, Object> baseConfig;
    final List<Node> nodes = new ArrayList<>();

    TestCluster(int size, Map<String, Object> baseConfig) throws IOException {
        this.root = Files.createTempDirectory("raft-cluster");
        this.baseConfig = baseConfig;
        for (int i = 1; i <= size; i++) {
            nodes.add(new Node("n" + i, freePort(), root.resolve("n" + i)));
        }
    }

    TestCluster startAll() throws Exception {
        for (Node n : nodes) {
            n.start();
        }
        return this;
    }

    List<Node> running() {
        return nodes.stream().filter(Node::running).toList();
    }

    /** The node every running member agrees leads, if they agree and it is running. */
    Optional<Node> agreedLeader() {
        List<Node> up = running();
        Optional<String> first = up.get(0).consensus.leaderId();
        if (first.isEmpty()) {
            return Optional.empty();
        }
        for (Node n : up) {
            if (!n.consensus.leaderId().equals(first)) {
                return Optional.empty();
            }
        }
        return up.stream().filter(n -> n.name.equals(first.get()) && n.consensus.isLeader()).findFirst();
    }

    Node node(String name) {
        return nodes.stream().filter(n -> n.name.equals(name)).findFirst().orElseThrow();
    }

    /** A port p where p (TCP) and p+100, p+101 (FD_SOCK2) and p+1 (fake RPC address) are free. */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (free(p) && free(p + 100) && free(p + 101)) {
                return p;
            }
        }
        throw new IOException("no free port pair found on 127.0.0.1 between 20000 and 40100");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        for (Node n : nodes) {
            n.stop();
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
