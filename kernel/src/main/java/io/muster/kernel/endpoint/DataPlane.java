package io.muster.kernel.endpoint;

import io.muster.kernel.consensus.Command;
import io.muster.kernel.consensus.CommandCodec;
import io.muster.kernel.consensus.KernelStateMachine;
import io.muster.kernel.leader.MemberReconciler;
import io.muster.kernel.leader.SessionTimers;
import io.muster.kernel.leader.TombstoneReaper;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.CatalogApi;
import io.muster.spi.api.ConfigEntryApi;
import io.muster.spi.api.CoordinateApi;
import io.muster.spi.api.OperatorApi;
import io.muster.spi.api.PreparedQueryApi;
import io.muster.spi.api.SnapshotApi;
import io.muster.spi.api.HealthApi;
import io.muster.spi.api.KvApi;
import io.muster.spi.api.SessionApi;
import io.muster.spi.api.StatusApi;
import io.muster.spi.api.TxnApi;
import io.muster.spi.consensus.Consensus;
import io.muster.spi.consensus.StateMachine;
import io.muster.spi.membership.MemberEvent;
import io.muster.spi.membership.Membership;
import io.muster.spi.store.StateStore;

import java.time.Clock;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The kernel's data plane in one place: the state machine a consensus drives, the endpoints frontends call,
 * and the leader duties (session TTLs, member reconciliation). Construct it, start the consensus with
 * {@link #stateMachine()}, then hand out the endpoints.
 */
public final class DataPlane {
    private final StateStore store;
    private final KernelStateMachine stateMachine;
    private final SessionTimers sessionTimers;
    private final MemberReconciler memberReconciler;
    private final TombstoneReaper tombstoneReaper;
    private final KvApi kv;
    private final CatalogApi catalog;
    private final HealthApi health;
    private final SessionApi session;
    private final TxnApi txn;
    private final StatusApi status;
    private final CoordinateApi coordinate;
    private final PreparedQueryApi preparedQuery;
    private final SnapshotApi snapshot;
    private final ConfigEntryApi configEntry;
    private final Proposer proposer;
    private final Consensus consensus;
    private final NodeIdentity self;
    private final Clock clock;

    public DataPlane(StateStore store, Consensus consensus, ScheduledExecutorService scheduler, NodeIdentity self,
                     long kvMaxValueSize, Clock clock) {
        this(store, consensus, scheduler, self, kvMaxValueSize, clock, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code jitter} yields values in [0, 1) for the blocking-query stagger (tests pin it). */
    DataPlane(StateStore store, Consensus consensus, ScheduledExecutorService scheduler, NodeIdentity self,
              long kvMaxValueSize, Clock clock, DoubleSupplier jitter) {
        this.store = store;
        CommandCodec codec = new CommandCodec();
        this.stateMachine = new KernelStateMachine(store, codec);
        Proposer proposer = new Proposer(consensus, codec);
        BlockingQueries queries = new BlockingQueries(consensus, scheduler, jitter);
        this.sessionTimers = new SessionTimers(scheduler, id -> proposer.propose(new Command.SessionDestroy(id),
                Boolean.class, ApiException.Kind.INTERNAL));
        this.memberReconciler = new MemberReconciler(
                command -> proposer.propose(command, Object.class, ApiException.Kind.INTERNAL),
                self.nodeName(), self.datacenter());
        this.tombstoneReaper = new TombstoneReaper(scheduler,
                command -> proposer.propose(command, Object.class, ApiException.Kind.INTERNAL), store::index,
                TombstoneReaper.DEFAULT_TTL);
        this.kv = new KvEndpoint(store, proposer, queries, kvMaxValueSize, clock);
        this.catalog = new CatalogEndpoint(store, proposer, queries, self);
        this.health = new HealthEndpoint(store, queries, self);
        this.session = new SessionEndpoint(store, proposer, queries, sessionTimers, self);
        this.txn = new TxnEndpoint(store, proposer, consensus, kvMaxValueSize);
        this.status = new StatusEndpoint(consensus);
        this.proposer = proposer;
        this.consensus = consensus;
        this.self = self;
        this.clock = clock;
        this.coordinate = new CoordinateEndpoint(store, proposer, queries, self);
        this.preparedQuery = new PreparedQueryEndpoint(store, proposer, queries, self, new Random());
        this.snapshot = new SnapshotEndpoint(store, proposer, consensus, clock, () -> {
            // The restored sessions need their TTL timers on the leader.
            if (consensus.isLeader()) {
                sessionTimers.cancelAll();
                sessionTimers.armAll(store.sessions().value());
            }
        });
        this.configEntry = new ConfigEntryEndpoint(store, proposer, queries);
    }

    public KvApi kv() {
        return kv;
    }

    public CatalogApi catalog() {
        return catalog;
    }

    public HealthApi health() {
        return health;
    }

    public SessionApi session() {
        return session;
    }

    public TxnApi txn() {
        return txn;
    }

    public StatusApi status() {
        return status;
    }

    public CoordinateApi coordinate() {
        return coordinate;
    }

    public PreparedQueryApi preparedQuery() {
        return preparedQuery;
    }

    public SnapshotApi snapshot() {
        return snapshot;
    }

    public ConfigEntryApi configEntry() {
        return configEntry;
    }

    /** The operator endpoint; keyring calls go to {@code membership} (absent: they fail with a clear error). */
    public OperatorApi operator(Optional<Membership> membership, String version) {
        return operator(membership, version, io.muster.spi.model.AutopilotConfig.DEFAULTS);
    }

    /** As above; {@code autopilot} applies until an operator stores a configuration (the agent's autopilot block). */
    public OperatorApi operator(Optional<Membership> membership, String version,
                                io.muster.spi.model.AutopilotConfig autopilot) {
        return new OperatorEndpoint(store, proposer, consensus, self, membership, version, clock, autopilot);
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public StateStore store() {
        return store;
    }

    /** Leader duty: feed gossip member events here (and the local member in single-node mode). */
    public CompletionStage<Void> onMemberEvent(MemberEvent event) {
        return memberReconciler.reconcile(event);
    }

    /** Leader duties start: every session TTL timer is re-armed from the store, tombstone GC runs. */
    public void onLeadershipGained() {
        sessionTimers.armAll(store.sessions().value());
        tombstoneReaper.start();
    }

    public void onLeadershipLost() {
        sessionTimers.cancelAll();
        tombstoneReaper.stop();
    }
}
