package io.muster.kernel.consensus;

import io.muster.spi.api.TxnOp;
import io.muster.spi.api.TxnResponse.TxnError;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.KvEntry;
import io.muster.spi.model.Node;
import io.muster.spi.model.Service;
import io.muster.spi.store.StoreException;
import io.muster.spi.store.StoreReader;
import io.muster.spi.store.StoreWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs the operations of a transaction against one store view, as Consul's state store does: every operation
 * is evaluated, every failure is reported with its op index and Consul's text, and with any failure the whole
 * write is rolled back (the caller throws {@link Aborted} out of the store write).
 */
public final class TxnExecutor {

    /** Thrown out of a store write to roll a failed transaction back. */
    public static final class Aborted extends RuntimeException {
        private final transient List<TxnError> errors;

        Aborted(List<TxnError> errors) {
            super("transaction rolled back: " + errors);
            this.errors = List.copyOf(errors);
        }

        public List<TxnError> errors() {
            return errors;
        }
    }

    public record Outcome(List<Object> results, List<TxnError> errors) {
    }

    private static final List<String> READ_VERBS = List.of("get", "get-tree", "check-index", "check-session",
            "check-not-exists");

    private TxnExecutor() {
    }

    /** True when no operation writes, so the transaction can be answered from the local store. */
    public static boolean readOnly(List<TxnOp> ops) {
        for (TxnOp op : ops) {
            String verb = op.verb() == null ? "" : op.verb().toLowerCase(Locale.ROOT);
            boolean read = op instanceof TxnOp.Kv ? READ_VERBS.contains(verb) : verb.equals("get");
            if (!read) {
                return false;
            }
        }
        return true;
    }

    /** Evaluates read-only operations; with a {@link StoreWriter}, write operations too. */
    public static Outcome run(StoreReader store, List<TxnOp> ops) {
        List<Object> results = new ArrayList<>();
        List<TxnError> errors = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            try {
                results.addAll(apply(store, ops.get(i)));
            } catch (StoreException e) {
                errors.add(new TxnError(i, e.getMessage()));
            }
        }
        return new Outcome(errors.isEmpty() ? results : List.of(), errors);
    }

    /** Runs inside a store write: throws {@link Aborted} when any operation failed. */
    public static List<Object> runOrAbort(StoreWriter store, List<TxnOp> ops) {
        Outcome outcome = run(store, ops);
        if (!outcome.errors().isEmpty()) {
            throw new Aborted(outcome.errors());
        }
        return outcome.results();
    }

    private static List<Object> apply(StoreReader store, TxnOp op) {
        String verb = op.verb() == null ? "" : op.verb().toLowerCase(Locale.ROOT);
        if (op instanceof TxnOp.Kv kv) {
            return kvOp(store, verb, kv);
        } else if (op instanceof TxnOp.NodeOp node) {
            return nodeOp(store, verb, node);
        } else if (op instanceof TxnOp.ServiceOp svc) {
            return serviceOp(store, verb, svc);
        } else if (op instanceof TxnOp.CheckOp check) {
            return checkOp(store, verb, check);
        }
        throw new StoreException("unknown transaction operation " + op);
    }

    private static List<Object> kvOp(StoreReader store, String verb, TxnOp.Kv op) {
        String key = op.key() == null ? "" : op.key();
        byte[] value = op.value() == null ? new byte[0] : op.value();
        switch (verb) {
            case "get": {
                KvEntry e = store.kv(key).orElseThrow(() -> new StoreException("key " + q(key) + " doesn't exist"));
                return List.of(e);
            }
            case "get-tree":
                return new ArrayList<>(store.kvTree(key));
            case "check-index": {
                KvEntry e = store.kv(key).orElseThrow(() ->
                        new StoreException("failed to check index, key " + q(key) + " doesn't exist"));
                if (e.modifyIndex() != op.index()) {
                    throw new StoreException("failed index check for key " + q(key) + ", current modify index "
                            + e.modifyIndex() + " != " + op.index());
                }
                return List.of(withoutValue(e));
            }
            case "check-session": {
                KvEntry e = store.kv(key).orElseThrow(() ->
                        new StoreException("failed to check session, key " + q(key) + " doesn't exist"));
                String held = e.session() == null ? "" : e.session();
                String wanted = op.session() == null ? "" : op.session();
                if (!held.equals(wanted)) {
                    throw new StoreException("failed session check for key " + q(key) + ", current session "
                            + q(held) + " != " + q(wanted));
                }
                return List.of(withoutValue(e));
            }
            case "check-not-exists":
                if (store.kv(key).isPresent()) {
                    throw new StoreException("key " + q(key) + " exists");
                }
                return List.of();
            default:
                break;
        }
        StoreWriter w = writer(store, "KV", verb);
        switch (verb) {
            case "set":
                return List.of(withoutValue(w.kvSet(key, value, op.flags())));
            case "cas":
                return List.of(withoutValue(w.kvCas(key, value, op.flags(), op.index()).orElseThrow(() ->
                        new StoreException("failed to set key " + q(key) + ", index is stale"))));
            case "lock":
                return List.of(withoutValue(w.kvLock(key, value, op.flags(), op.session()).orElseThrow(() ->
                        new StoreException("failed to lock key " + q(key) + ", lock is already held"))));
            case "unlock":
                return List.of(withoutValue(w.kvUnlock(key, value, op.flags(), op.session()).orElseThrow(() ->
                        new StoreException("failed to unlock key " + q(key)
                                + ", lock isn't held, or is held by another session"))));
            case "delete":
                w.kvDelete(key);
                return List.of();
            case "delete-cas":
                if (!w.kvDeleteCas(key, op.index())) {
                    throw new StoreException("failed to delete key " + q(key) + ", index is stale");
                }
                return List.of();
            case "delete-tree":
                w.kvDeleteTree(key);
                return List.of();
            default:
                throw new StoreException("unknown KV verb " + q(verb));
        }
    }

    private static List<Object> nodeOp(StoreReader store, String verb, TxnOp.NodeOp op) {
        Node node = op.node();
        String name = node == null ? "" : node.node();
        Optional<Node> existing = store.node(name);
        if (verb.equals("get")) {
            return List.of(existing.orElseThrow(() -> new StoreException("node " + q(name) + " doesn't exist")));
        }
        StoreWriter w = writer(store, "Node", verb);
        switch (verb) {
            case "set":
                return List.of(w.ensureNode(node));
            case "cas":
                if (!casHolds(existing.map(Node::modifyIndex), node.modifyIndex())) {
                    throw new StoreException("failed to set node " + q(name) + ", index is stale");
                }
                return List.of(w.ensureNode(node));
            case "delete":
                w.deleteNode(name);
                return List.of();
            case "delete-cas":
                if (existing.isEmpty() || existing.get().modifyIndex() != node.modifyIndex()) {
                    throw new StoreException("failed to delete node " + q(name) + ", index is stale");
                }
                w.deleteNode(name);
                return List.of();
            default:
                throw new StoreException("unknown Node verb " + q(verb));
        }
    }

    private static List<Object> serviceOp(StoreReader store, String verb, TxnOp.ServiceOp op) {
        Service svc = op.service();
        String id = svc == null ? "" : svc.id();
        Optional<Service> existing = store.service(op.node(), id);
        String where = q(id) + " on node " + q(op.node());
        if (verb.equals("get")) {
            return List.of(existing.orElseThrow(() -> new StoreException("service " + where + " doesn't exist")));
        }
        StoreWriter w = writer(store, "Service", verb);
        switch (verb) {
            case "set":
                return List.of(w.ensureService(op.node(), svc));
            case "cas":
                if (!casHolds(existing.map(Service::modifyIndex), svc.modifyIndex())) {
                    throw new StoreException("failed to set service " + where + ", index is stale");
                }
                return List.of(w.ensureService(op.node(), svc));
            case "delete":
                w.deleteService(op.node(), id);
                return List.of();
            case "delete-cas":
                if (existing.isEmpty() || existing.get().modifyIndex() != svc.modifyIndex()) {
                    throw new StoreException("failed to delete service " + where + ", index is stale");
                }
                w.deleteService(op.node(), id);
                return List.of();
            default:
                throw new StoreException("unknown Service verb " + q(verb));
        }
    }

    private static List<Object> checkOp(StoreReader store, String verb, TxnOp.CheckOp op) {
        HealthCheck check = op.check();
        Optional<HealthCheck> existing = store.check(check.node(), check.checkId());
        String where = q(check.checkId()) + " on node " + q(check.node());
        if (verb.equals("get")) {
            return List.of(existing.orElseThrow(() -> new StoreException("check " + where + " doesn't exist")));
        }
        StoreWriter w = writer(store, "Check", verb);
        switch (verb) {
            case "set":
                return List.of(w.ensureCheck(check));
            case "cas":
                if (!casHolds(existing.map(HealthCheck::modifyIndex), check.modifyIndex())) {
                    throw new StoreException("failed to set check " + where + ", index is stale");
                }
                return List.of(w.ensureCheck(check));
            case "delete":
                w.deleteCheck(check.node(), check.checkId());
                return List.of();
            case "delete-cas":
                if (existing.isEmpty() || existing.get().modifyIndex() != check.modifyIndex()) {
                    throw new StoreException("failed to delete check " + where + ", index is stale");
                }
                w.deleteCheck(check.node(), check.checkId());
                return List.of();
            default:
                throw new StoreException("unknown Check verb " + q(verb));
        }
    }

    /** Consul's CAS rule: index 0 means "must not exist", N means "ModifyIndex must be N". */
    private static boolean casHolds(Optional<Long> current, long wanted) {
        return wanted == 0 ? current.isEmpty() : current.isPresent() && current.get() == wanted;
    }

    private static StoreWriter writer(StoreReader store, String kind, String verb) {
        if (store instanceof StoreWriter w) {
            return w;
        }
        throw new StoreException("unknown " + kind + " verb " + q(verb));
    }

    /** Consul returns written entries without their value; only get and get-tree carry values. */
    private static KvEntry withoutValue(KvEntry e) {
        return new KvEntry(e.key(), e.createIndex(), e.modifyIndex(), e.lockIndex(), e.flags(), null, e.session());
    }

    /** Go's %q, which Consul's messages use. */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
