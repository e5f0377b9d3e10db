package io.muster.gossip.net;

import io.muster.spi.model.Member;
import io.muster.spi.model.MemberStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code data-dir/serf/local.snapshot} (or {@code remote.snapshot}): the peers this agent last saw alive, so a
 * restarted agent rejoins on its own, in serf's line format ({@code alive: name addr:port}, and a final
 * {@code leave} after a graceful leave, which stops the automatic rejoin unless {@code rejoin_after_leave}).
 */
public final class PeerSnapshot {
    private final Path file;

    public PeerSnapshot(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public void write(String self, List<Member> members, boolean left) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Member m : members) {
            if (!m.name().equals(self) && m.status() == MemberStatus.ALIVE) {
                text.append("alive: ").append(m.name()).append(' ').append(hostPort(m)).append('\n');
            }
        }
        if (left) {
            text.append("leave\n");
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The addresses to rejoin; empty when there is no snapshot, or the agent left and may not rejoin. */
    public List<String> rejoinAddresses(boolean rejoinAfterLeave) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> addresses = new ArrayList<>();
        boolean left = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String l = line.trim();
            if (l.startsWith("alive: ")) {
                String[] parts = l.substring(7).trim().split(" ");
                if (parts.length == 2) {
                    addresses.add(parts[1]);
                }
                left = false;
            } else if (l.equals("leave")) {
                left = true;
            }
        }
        return left && !rejoinAfterLeave ? List.of() : List.copyOf(addresses);
    }

    private static String hostPort(Member m) {
        return m.address().contains(":") ? "[" + m.address() + "]:" + m.port() : m.address() + ":" + m.port();
    }
}
