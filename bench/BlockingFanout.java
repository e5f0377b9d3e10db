import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Parks N blocking queries on one agent, reports the agent's heap and thread count while they are parked, then
 * fires one write and measures the time until every parked query has answered.
 *
 *   java bench/BlockingFanout.java HOST:PORT AGENT_PID [N=10000] [kv|health]
 *
 * kv: N clients block on GET /v1/kv/fan/?recurse; the write is a PUT under fan/.
 * health: N clients block on /v1/health/service/fan; the write flips the TTL check fan-ttl (the script
 * registers the service first).
 * Bounded: at most N connections, one write, a 60 s deadline; loopback only.
 */
public final class BlockingFanout {
    public static void main(String[] args) throws Exception {
        String hostPort = args[0];
        long pid = Long.parseLong(args[1]);
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        String mode = args.length > 3 ? args[3] : "kv";
        String host = hostPort.substring(0, hostPort.indexOf(':'));
        if (!host.startsWith("127.")) {
            throw new IllegalArgumentException("loopback targets only: " + host);
        }
        int port = Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1));
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://" + hostPort;

        String watchPath;
        if (mode.equals("health")) {
            send(http, "PUT", base + "/v1/agent/service/register",
                    "{\"Name\":\"fan\",\"Port\":1,\"Check\":{\"CheckID\":\"fan-ttl\",\"TTL\":\"10m\",\"Status\":\"passing\"}}");
            send(http, "PUT", base + "/v1/agent/check/pass/fan-ttl", "");
            watchPath = "/v1/health/service/fan";
        } else {
            send(http, "PUT", base + "/v1/kv/fan/seed", "0");
            watchPath = "/v1/kv/fan/?recurse";
        }
        // Wait until the catalog reflects the registration, then take the index to block on.
        HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(base + watchPath)).build(),
                HttpResponse.BodyHandlers.ofString());
        String index = first.headers().firstValue("X-Consul-Index").orElseThrow();
        String sep = watchPath.contains("?") ? "&" : "?";
        byte[] request = ("GET " + watchPath + sep + "index=" + index + "&wait=5m HTTP/1.1\r\nHost: " + hostPort
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        Selector selector = Selector.open();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, port));
            ch.write(ByteBuffer.wrap(request));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
        }
        long opened = System.nanoTime() - t0;
        // Sample once the agent holds every connection open (it parks a query as soon as it has read it); bounded.
        awaitAgentSockets(pid, n, System.nanoTime() + 30_000_000_000L);
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        String threads = line(status, "Threads:");
        String rss = line(status, "VmRSS:");
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
        String heap = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();

        long write = System.nanoTime();
        if (mode.equals("health")) {
            send(http, "PUT", base + "/v1/agent/check/warn/fan-ttl", "");
        } else {
            send(http, "PUT", base + "/v1/kv/fan/seed", "1");
        }
        int answered = 0;
        ByteBuffer buf = ByteBuffer.allocate(4096);
        long deadline = write + 60_000_000_000L;
        while (answered < n && System.nanoTime() < deadline) {
            selector.select(1000);
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey key = it.next();
                it.remove();
                SocketChannel ch = (SocketChannel) key.channel();
                buf.clear();
                int r = ch.read(buf);
                if (r != 0) {
                    answered++;
                    key.cancel();
                    ch.close();
                }
            }
        }
        long woke = System.nanoTime() - write;
        System.out.printf("mode=%s parked=%d opened_in_ms=%d answered=%d all_woken_in_ms=%d agent_threads=%s agent_rss=%s%n",
                mode, n, opened / 1_000_000, answered, woke / 1_000_000, threads, rss);
        heap.lines().filter(l -> l.contains("total") && l.contains("used")).forEach(l -> System.out.println("heap: " + l.trim()));
    }

    private static void awaitAgentSockets(long pid, int atLeast, long deadline) throws IOException, InterruptedException {
        while (System.nanoTime() < deadline) {
            long sockets;
            try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                sockets = fds.filter(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                    } catch (IOException e) {
                        return false; // closed while listing
                    }
                }).count();
            }
            if (sockets >= atLeast) {
                return;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        throw new IllegalStateException("the agent did not hold " + atLeast + " connections within 30 s");
    }

    private static String line(String status, String key) {
        return status.lines().filter(l -> l.startsWith(key)).findFirst().orElse(key + " ?").substring(key.length()).trim();
    }

    private static void send(HttpClient http, String method, String url, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + " " + r.body());
        }
    }
}
