package io.muster.kernel.rpc;

import io.muster.spi.api.CatalogApi;
import io.muster.spi.api.ConfigEntryApi;
import io.muster.spi.api.CoordinateApi;
import io.muster.spi.api.HealthApi;
import io.muster.spi.api.KvApi;
import io.muster.spi.api.OperatorApi;
import io.muster.spi.api.PreparedQueryApi;
import io.muster.spi.api.SessionApi;
import io.muster.spi.api.SnapshotApi;
import io.muster.spi.api.StatusApi;
import io.muster.spi.api.TxnApi;

/** The endpoint groups that hold replicated data: the ones a client forwards and a follower routes. */
public record DataApis(KvApi kv, CatalogApi catalog, HealthApi health, SessionApi session, TxnApi txn,
                       StatusApi status, CoordinateApi coordinate, OperatorApi operator,
                       PreparedQueryApi preparedQuery, SnapshotApi snapshot, ConfigEntryApi configEntry) {

    /** The implementation of {@code api} among these groups. */
    public Object group(Class<?> api) {
        if (api == KvApi.class) {
            return kv;
        } else if (api == CatalogApi.class) {
            return catalog;
        } else if (api == HealthApi.class) {
            return health;
        } else if (api == SessionApi.class) {
            return session;
        } else if (api == TxnApi.class) {
            return txn;
        } else if (api == StatusApi.class) {
            return status;
        } else if (api == CoordinateApi.class) {
            return coordinate;
        } else if (api == OperatorApi.class) {
            return operator;
        } else if (api == PreparedQueryApi.class) {
            return preparedQuery;
        } else if (api == SnapshotApi.class) {
            return snapshot;
        } else if (api == ConfigEntryApi.class) {
            return configEntry;
        }
        throw new IllegalArgumentException(api.getName() + " is not a forwarded endpoint group");
    }

    /**
     * The same groups with every forwarded method going to {@code target}; what stays local (the keyring) still
     * goes to these implementations.
     */
    public DataApis through(EndpointCodec codec, CallTarget target) {
        return new DataApis(
                RemoteEndpoints.proxy(KvApi.class, codec, target, kv),
                RemoteEndpoints.proxy(CatalogApi.class, codec, target, catalog),
                RemoteEndpoints.proxy(HealthApi.class, codec, target, health),
                RemoteEndpoints.proxy(SessionApi.class, codec, target, session),
                RemoteEndpoints.proxy(TxnApi.class, codec, target, txn),
                RemoteEndpoints.proxy(StatusApi.class, codec, target, status),
                RemoteEndpoints.proxy(CoordinateApi.class, codec, target, coordinate),
                RemoteEndpoints.proxy(OperatorApi.class, codec, target, operator),
                RemoteEndpoints.proxy(PreparedQueryApi.class, codec, target, preparedQuery),
                RemoteEndpoints.proxy(SnapshotApi.class, codec, target, snapshot),
                RemoteEndpoints.proxy(ConfigEntryApi.class, codec, target, configEntry));
    }
}
