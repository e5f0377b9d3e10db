package io.muster.spi.api;

import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.Node;
import io.muster.spi.model.Service;

/** One operation of {@code PUT /v1/txn}; {@code verb} is Consul's (set, cas, get-tree, delete-cas, ...). */
public sealed interface TxnOp {
    String verb();

    /** KV verb; {@code index} is the CAS/check index, {@code session} the lock session where the verb needs one. */
    record Kv(String verb, String key, byte[] value, long flags, long index, String session) implements TxnOp {
    }

    /** Node verb (set, cas, get, delete, delete-cas); {@code node.modifyIndex()} is the CAS index. */
    record NodeOp(String verb, Node node) implements TxnOp {
    }

    /** Service verb on {@code node}; {@code service.modifyIndex()} is the CAS index. */
    record ServiceOp(String verb, String node, Service service) implements TxnOp {
    }

    /** Check verb; {@code check.modifyIndex()} is the CAS index. */
    record CheckOp(String verb, HealthCheck check) implements TxnOp {
    }
}
