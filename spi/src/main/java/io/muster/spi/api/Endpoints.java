package io.muster.spi.api;

/** The kernel's endpoints, which every frontend (HTTP, DNS, UI, CLI) goes through; never the store directly. */
public interface Endpoints {
    KvApi kv();

    CatalogApi catalog();

    HealthApi health();

    SessionApi session();

    TxnApi txn();

    StatusApi status();

    AgentApi agent();
}
