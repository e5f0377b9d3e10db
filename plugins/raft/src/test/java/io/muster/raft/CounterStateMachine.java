package io.muster.raft;

import io.muster.spi.consensus.StateMachine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** In-test kernel: commands are key names; each increments that key's counter and returns the new value. */
final class CounterStateMachine implements StateMachine {
    private final TreeMap<String, Long> counters = new TreeMap<>();
    private long lastApplied;
    private long appliedCommands;

    static byte[] inc(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized Object apply(long index, byte[] command) {
        if (index <= lastApplied) {
            throw new IllegalStateException("index " + index + " applied after " + lastApplied);
        }
        lastApplied = index;
        appliedCommands++;
        String key = new String(command, StandardCharsets.UTF_8);
        if (key.equals("fail")) {
            throw new IllegalArgumentException("the in-test kernel refuses 'fail'");
        }
        return counters.merge(key, 1L, Long::sum);
    }

    synchronized Map<String, Long> counters() {
        return new TreeMap<>(counters);
    }

    synchronized long appliedCommands() {
        return appliedCommands;
    }

    @Override
    public synchronized void snapshot(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeLong(lastApplied);
        d.writeInt(counters.size());
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            d.writeUTF(e.getKey());
            d.writeLong(e.getValue());
        }
        d.flush();
    }

    @Override
    public synchronized void restore(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        counters.clear();
        lastApplied = d.readLong();
        int n = d.readInt();
        for (int i = 0; i < n; i++) {
            counters.put(d.readUTF(), d.readLong());
        }
    }

    @Override
    public synchronized long lastAppliedIndex() {
        return lastApplied;
    }
}
