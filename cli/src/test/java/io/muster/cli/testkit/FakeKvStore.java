package io.muster.cli.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Consul's KV and session semantics in memory, mounted on a FakeAgent: acquire/release, cas, flags, recurse,
 * blocking reads (?index= waits for a newer index, bounded by a second), and session destroy releasing locks.
 * Enough for the lock and semaphore algorithms to run against it unchanged.
 */
public final class FakeKvStore {
    private record Entry(byte[] value, long flags, String session, long createIndex, long modifyIndex,
                         long lockIndex) {
    }

    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private final Map<String, Boolean> sessions = new HashMap<>();
    private long index = 1;
    private int nextSession = 1;
    private BiConsumer<String, String> onLockChange = (key, session) -> { };

    public FakeKvStore mount(FakeAgent agent) {
        agent.onPrefix("GET", "/v1/kv/", r -> get(r));
        agent.onPrefix("PUT", "/v1/kv/", r -> put(r));
        agent.onPrefix("DELETE", "/v1/kv/", r -> delete(r));
        agent.on("GET /v1/agent/self", "{\"Config\":{\"NodeName\":\"fake\"}}");
        agent.on("PUT /v1/session/create", r -> createSession());
        agent.onPrefix("PUT", "/v1/session/renew/", r -> FakeAgent.Answer.json("[]"));
        agent.onPrefix("PUT", "/v1/session/destroy/", r -> destroySession(r.path().substring(20)));
        return this;
    }

    /** Called with (key, holding session or "") whenever a key's lock holder changes. */
    public synchronized FakeKvStore onLockChange(BiConsumer<String, String> listener) {
        this.onLockChange = listener;
        return this;
    }

    /** Makes another session hold key (a competing lock holder). */
    public synchronized String holdByOther(String key, long flags) {
        String other = "other-" + nextSession++;
        sessions.put(other, true);
        write(key, new byte[0], flags, other);
        return other;
    }

    /** Takes the lock away from its holder, as a session invalidation on the servers would. */
    public synchronized void invalidate(String session) {
        releaseAll(session);
        sessions.remove(session);
    }

    public synchronized String holder(String key) {
        Entry entry = entries.get(key);
        return entry == null ? "" : entry.session();
    }

    public synchronized boolean contains(String key) {
        return entries.containsKey(key);
    }

    public synchronized List<String> sessions() {
        return new ArrayList<>(sessions.keySet());
    }

    private synchronized FakeAgent.Answer createSession() {
        String id = "session-" + nextSession++;
        sessions.put(id, true);
        return FakeAgent.Answer.json("{\"ID\":\"" + id + "\"}");
    }

    private synchronized FakeAgent.Answer destroySession(String id) {
        releaseAll(id);
        sessions.remove(id);
        return FakeAgent.Answer.json("true");
    }

    private void releaseAll(String session) {
        for (Map.Entry<String, Entry> e : new ArrayList<>(entries.entrySet())) {
            if (e.getValue().session().equals(session)) {
                write(e.getKey(), e.getValue().value(), e.getValue().flags(), "");
            }
        }
        bump();
    }

    private synchronized FakeAgent.Answer get(FakeAgent.Request r) throws InterruptedException {
        Map<String, String> q = query(r);
        String key = r.path().substring("/v1/kv/".length());
        if (q.containsKey("index")) {
            long wanted = Long.parseLong(q.get("index"));
            long until = System.nanoTime() + 1_000_000_000L;
            while (index <= wanted && System.nanoTime() < until) {
                wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
            }
        }
        List<String> matched = new ArrayList<>();
        if (q.containsKey("recurse") || q.containsKey("keys")) {
            for (String k : entries.tailMap(key).keySet()) {
                if (!k.startsWith(key)) {
                    break;
                }
                matched.add(k);
            }
        } else if (entries.containsKey(key)) {
            matched.add(key);
        }
        if (matched.isEmpty()) {
            return new FakeAgent.Answer(404, "", index);
        }
        StringBuilder sb = new StringBuilder("[");
        for (String k : matched) {
            Entry e = entries.get(k);
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append("{\"Key\":\"").append(k).append("\",\"Value\":")
                    .append(e.value().length == 0 ? "null" : "\"" + Base64.getEncoder().encodeToString(e.value()) + "\"")
                    .append(",\"Flags\":").append(Long.toUnsignedString(e.flags()))
                    .append(",\"Session\":\"").append(e.session()).append("\",\"LockIndex\":")
                    .append(e.lockIndex()).append(",\"CreateIndex\":").append(e.createIndex())
                    .append(",\"ModifyIndex\":").append(e.modifyIndex()).append('}');
        }
        return new FakeAgent.Answer(200, sb.append(']').toString(), index);
    }

    private synchronized FakeAgent.Answer put(FakeAgent.Request r) {
        Map<String, String> q = query(r);
        String key = r.path().substring("/v1/kv/".length());
        Entry existing = entries.get(key);
        long flags = q.containsKey("flags") ? Long.parseUnsignedLong(q.get("flags")) : 0;
        byte[] value = r.body().getBytes(StandardCharsets.UTF_8);
        if (q.containsKey("cas")) {
            long cas = Long.parseLong(q.get("cas"));
            if ((cas == 0 && existing != null) || (cas != 0 && (existing == null || existing.modifyIndex() != cas))) {
                return FakeAgent.Answer.json("false");
            }
        }
        String session = existing == null ? "" : existing.session();
        if (q.containsKey("acquire")) {
            String wanted = q.get("acquire");
            if (!sessions.containsKey(wanted) || (!session.isEmpty() && !session.equals(wanted))) {
                return FakeAgent.Answer.json("false");
            }
            session = wanted;
        } else if (q.containsKey("release")) {
            if (!session.equals(q.get("release"))) {
                return FakeAgent.Answer.json("false");
            }
            session = "";
        }
        write(key, value, flags, session);
        bump();
        return FakeAgent.Answer.json("true");
    }

    private synchronized FakeAgent.Answer delete(FakeAgent.Request r) {
        Map<String, String> q = query(r);
        String key = r.path().substring("/v1/kv/".length());
        Entry existing = entries.get(key);
        if (q.containsKey("cas") && (existing == null || existing.modifyIndex() != Long.parseLong(q.get("cas")))) {
            return FakeAgent.Answer.json("false");
        }
        if (q.containsKey("recurse")) {
            entries.keySet().removeIf(k -> k.startsWith(key));
        } else {
            entries.remove(key);
        }
        bump();
        return FakeAgent.Answer.json("true");
    }

    private void write(String key, byte[] value, long flags, String session) {
        Entry existing = entries.get(key);
        index++;
        boolean newHolder = !session.isEmpty() && (existing == null || !session.equals(existing.session()));
        entries.put(key, new Entry(value, flags, session, existing == null ? index : existing.createIndex(), index,
                (existing == null ? 0 : existing.lockIndex()) + (newHolder ? 1 : 0)));
        if (existing == null || !existing.session().equals(session)) {
            onLockChange.accept(key, session);
        }
    }

    private void bump() {
        index++;
        notifyAll();
    }

    private static Map<String, String> query(FakeAgent.Request r) {
        Map<String, String> q = new HashMap<>();
        if (r.query() != null) {
            for (String part : r.query().split("&")) {
                int eq = part.indexOf('=');
                String k = eq < 0 ? part : part.substring(0, eq);
                String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                q.put(k, v);
            }
        }
        return q;
    }
}
