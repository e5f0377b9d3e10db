package io.muster.http.routes;

/**
 * Agent settings the routes need: Consul's {@code limits.kv_max_value_size} and {@code limits.txn_max_req_len}
 * (both default 512 KiB), the agent's datacenter and node name (the {@code node} label of the agent's metrics).
 */
public record ApiSettings(long kvMaxValueSize, long txnMaxReqLen, String datacenter, String nodeName) {
    public static final long DEFAULT_KV_MAX_VALUE_SIZE = 512 * 1024;
    public static final long DEFAULT_TXN_MAX_REQ_LEN = 512 * 1024;

    public ApiSettings {
        nodeName = nodeName == null ? "" : nodeName;
    }

    public ApiSettings(long kvMaxValueSize, long txnMaxReqLen, String datacenter) {
        this(kvMaxValueSize, txnMaxReqLen, datacenter, "");
    }
}
