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

    // Later endpoint groups: the defaults let other Endpoints implementations (test fakes) keep compiling; a
    // frontend calls them per request, so an unsupported group answers 404 instead of failing at start.

    default EventApi event() {
        throw unsupported("event");
    }

    default CoordinateApi coordinate() {
        throw unsupported("coordinate");
    }

    default OperatorApi operator() {
        throw unsupported("operator");
    }

    default PreparedQueryApi preparedQuery() {
        throw unsupported("prepared query");
    }

    default SnapshotApi snapshot() {
        throw unsupported("snapshot");
    }

    default ConfigEntryApi configEntry() {
        throw unsupported("config entry");
    }

    private ApiException unsupported(String group) {
        return ApiException.notFound("the " + group + " endpoints are not supported by "
                + getClass().getSimpleName() + "; use an agent whose kernel provides them");
    }
}
