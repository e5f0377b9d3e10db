package io.muster.kernel;

import io.muster.spi.api.AgentApi;
import io.muster.spi.api.CatalogApi;
import io.muster.spi.api.ConfigEntryApi;
import io.muster.spi.api.CoordinateApi;
import io.muster.spi.api.Endpoints;
import io.muster.spi.api.EventApi;
import io.muster.spi.api.HealthApi;
import io.muster.spi.api.KvApi;
import io.muster.spi.api.OperatorApi;
import io.muster.spi.api.PreparedQueryApi;
import io.muster.spi.api.SessionApi;
import io.muster.spi.api.SnapshotApi;
import io.muster.spi.api.StatusApi;
import io.muster.spi.api.TxnApi;

/** The endpoints every frontend sees: the data plane's, the local agent, and the agent's user events. */
record KernelEndpoints(KvApi kv, CatalogApi catalog, HealthApi health, SessionApi session, TxnApi txn,
                       StatusApi status, AgentApi agent, EventApi event, CoordinateApi coordinate,
                       OperatorApi operator, PreparedQueryApi preparedQuery, SnapshotApi snapshot,
                       ConfigEntryApi configEntry) implements Endpoints {
}
