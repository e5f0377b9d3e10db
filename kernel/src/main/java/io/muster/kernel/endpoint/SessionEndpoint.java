package io.muster.kernel.endpoint;

import io.muster.kernel.consensus.Command;
import io.muster.kernel.leader.SessionTimers;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.SessionApi;
import io.muster.spi.api.SessionRequest;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.model.Session;
import io.muster.spi.store.StateStore;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /v1/session}: Consul's defaults and validation; TTL timers run on the leader. */
final class SessionEndpoint implements SessionApi {
    static final Duration TTL_MIN = Duration.ofSeconds(10);
    static final Duration TTL_MAX = Duration.ofHours(24);
    static final Duration DEFAULT_LOCK_DELAY = Duration.ofSeconds(15);

    private final StateStore store;
    private final Proposer proposer;
    private final BlockingQueries queries;
    private final SessionTimers timers;
    private final NodeIdentity self;

    SessionEndpoint(StateStore store, Proposer proposer, BlockingQueries queries, SessionTimers timers,
                    NodeIdentity self) {
        this.store = store;
        this.proposer = proposer;
        this.queries = queries;
        this.timers = timers;
        this.self = self;
    }

    @Override
    public CompletionStage<String> create(SessionRequest request, WriteOptions options) {
        Session session;
        try {
            session = validate(request);
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
        return proposer.propose(new Command.SessionCreate(session), String.class, ApiException.Kind.INTERNAL)
                .thenApply(id -> {
                    timers.arm(session);
                    return id;
                });
    }

    private Session validate(SessionRequest r) {
        String behavior = r.behavior() == null || r.behavior().isEmpty() ? "release"
                : r.behavior().toLowerCase(Locale.ROOT);
        if (!behavior.equals("release") && !behavior.equals("delete")) {
            throw ApiException.badRequest("Invalid Behavior setting '" + r.behavior() + "'");
        }
        Duration ttl = r.ttl();
        if (ttl != null && !ttl.isZero() && (ttl.compareTo(TTL_MIN) < 0 || ttl.compareTo(TTL_MAX) > 0)) {
            // Consul formats the TTL as a Go duration's integer (nanoseconds) and the bounds as durations.
            throw ApiException.badRequest("Invalid Session TTL '" + ttl.toNanos() + "', must be between [10s=24h0m0s]");
        }
        String node = r.node() == null || r.node().isEmpty() ? self.nodeName() : r.node();
        List<String> nodeChecks = r.nodeChecks() == null ? List.of("serfHealth") : r.nodeChecks();
        Duration lockDelay = r.lockDelay() == null ? DEFAULT_LOCK_DELAY : r.lockDelay();
        return new Session(UUID.randomUUID().toString(), r.name(), node, nodeChecks, r.serviceChecks(), lockDelay,
                behavior, ttl == null || ttl.isZero() ? null : ttl, 0, 0);
    }

    @Override
    public CompletionStage<Boolean> destroy(String id, WriteOptions options) {
        if (id == null || id.isEmpty()) {
            return CompletableFuture.failedFuture(ApiException.badRequest("Missing session"));
        }
        return proposer.propose(new Command.SessionDestroy(id), Boolean.class, ApiException.Kind.INTERNAL)
                .thenApply(existed -> {
                    timers.cancel(id);
                    return Boolean.TRUE;
                });
    }

    @Override
    public CompletionStage<QueryResult<Optional<Session>>> info(String id, QueryOptions options) {
        return queries.query(options, () -> store.session(id));
    }

    @Override
    public CompletionStage<QueryResult<List<Session>>> node(String node, QueryOptions options) {
        return queries.query(options, () -> store.nodeSessions(node));
    }

    @Override
    public CompletionStage<QueryResult<List<Session>>> list(QueryOptions options) {
        return queries.query(options, store::sessions);
    }

    @Override
    public CompletionStage<Optional<Session>> renew(String id, WriteOptions options) {
        Optional<Session> session = store.session(id).value();
        session.ifPresent(timers::reset);
        return CompletableFuture.completedFuture(session);
    }
}
