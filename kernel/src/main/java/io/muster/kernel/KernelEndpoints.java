package io.muster.kernel;

import io.muster.spi.api.AgentApi;
import io.muster.spi.api.CatalogApi;
import io.muster.spi.api.Endpoints;
import io.muster.spi.api.HealthApi;
import io.muster.spi.api.KvApi;
import io.muster.spi.api.SessionApi;
import io.muster.spi.api.StatusApi;
import io.muster.spi.api.TxnApi;

/** The endpoints every frontend sees: the data plane's, plus the local agent. */
record KernelEndpoints(KvApi kv, CatalogApi catalog, HealthApi health, SessionApi session, TxnApi txn,
                       StatusApi status, AgentApi agent) implements Endpoints {
}
