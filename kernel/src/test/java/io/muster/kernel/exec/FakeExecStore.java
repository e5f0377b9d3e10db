package io.muster.kernel.exec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory KV for remote exec jobs: records reads and lock writes; only live sessions may acquire. */
final class FakeExecStore implements ExecStore {
    final Map<String, byte[]> values = new LinkedHashMap<>();
    final List<String> writes = new ArrayList<>();
    final List<String> reads = new ArrayList<>();
    final Set<String> liveSessions = ConcurrentHashMap.newKeySet();
    /** Keys whose stale read misses (the job spec not yet replicated to this server). */
    final Set<String> staleMisses = ConcurrentHashMap.newKeySet();

    synchronized void put(String key, String value) {
        values.put(key, value.getBytes(StandardCharsets.UTF_8));
    }

    synchronized String text(String key) {
        byte[] value = values.get(key);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    synchronized String output(String prefix) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                sb.append(new String(v, StandardCharsets.UTF_8));
            }
        });
        return sb.toString();
    }

    @Override
    public synchronized Optional<byte[]> get(String key, boolean stale) {
        reads.add((stale ? "stale " : "consistent ") + key);
        if (stale && staleMisses.contains(key)) {
            return Optional.empty();
        }
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public synchronized boolean acquire(String key, byte[] value, String session) {
        if (!liveSessions.contains(session)) {
            return false;
        }
        writes.add(key);
        values.put(key, value.clone());
        return true;
    }
}
