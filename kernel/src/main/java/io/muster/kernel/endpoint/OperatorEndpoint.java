package io.muster.kernel.endpoint;

import io.muster.kernel.consensus.Command;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.AutopilotHealth;
import io.muster.spi.api.AutopilotState;
import io.muster.spi.api.OperatorApi;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.RaftConfiguration;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.consensus.Consensus;
import io.muster.spi.consensus.ConsensusServer;
import io.muster.spi.membership.KeyringResponse;
import io.muster.spi.membership.Membership;
import io.muster.spi.model.AutopilotConfig;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Node;
import io.muster.spi.store.StateStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@code /v1/operator}: the raft configuration from the consensus, autopilot health computed from the servers'
 * {@code serfHealth} checks and last contact, the autopilot configuration in the store, the keyring through
 * the membership plugin.
 */
final class OperatorEndpoint implements OperatorApi {
    /** Consul's raft protocol version. */
    static final String RAFT_PROTOCOL = "3";

    private final StateStore store;
    private final Proposer proposer;
    private final Consensus consensus;
    private final NodeIdentity self;
    private final Optional<Membership> membership;
    private final String version;
    private final Clock clock;
    private final AutopilotConfig configured;
    /** When each server was first seen healthy since it was last unhealthy (autopilot's StableSince). */
    private final Map<String, Instant> stableSince = new ConcurrentHashMap<>();

    OperatorEndpoint(StateStore store, Proposer proposer, Consensus consensus, NodeIdentity self,
                     Optional<Membership> membership, String version, Clock clock, AutopilotConfig configured) {
        this.store = store;
        this.proposer = proposer;
        this.consensus = consensus;
        this.self = self;
        this.membership = membership;
        this.version = version;
        this.clock = clock;
        this.configured = configured;
    }

    @Override
    public CompletionStage<RaftConfiguration> raftConfiguration(QueryOptions options) {
        return CompletableFuture.completedFuture(configuration());
    }

    private RaftConfiguration configuration() {
        return new RaftConfiguration(peers().stream().map(Peer::server).toList(), Math.max(1, store.index()));
    }

    /** A voter as the consensus names it and as the API shows it. */
    private record Peer(ConsensusServer voter, RaftConfiguration.Server server) {
    }

    private List<Peer> peers() {
        String leader = consensus.leader().orElse("");
        List<Node> nodes = store.nodes().value();
        List<Peer> peers = new ArrayList<>();
        for (ConsensusServer voter : consensus.voters()) {
            String address = voter.rpcAddress();
            boolean namedByAddress = voter.id().equals(address);
            // a consensus that names voters by node name knows the name; otherwise the catalog node at that address
            Optional<Node> node = namedByAddress ? nodeOf(address, nodes)
                    : nodes.stream().filter(n -> n.node().equals(voter.id())).findFirst();
            String id = address.equals(self.rpcAddress()) ? self.nodeId()
                    : node.map(Node::id).filter(s -> s != null && !s.isEmpty()).orElse(address);
            String name = namedByAddress ? node.map(Node::node).orElse("(unknown)") : voter.id();
            peers.add(new Peer(voter, new RaftConfiguration.Server(id, name, address, address.equals(leader), true,
                    RAFT_PROTOCOL)));
        }
        return peers;
    }

    /** The catalog node of a server's RPC address: this agent by its own address, others by IP. */
    private Optional<Node> nodeOf(String address, List<Node> nodes) {
        if (address.equals(self.rpcAddress())) {
            Optional<Node> own = nodes.stream().filter(n -> n.node().equals(self.nodeName())).findFirst();
            return Optional.of(own.orElse(new Node(self.nodeId(), self.nodeName(), hostOf(address), self.datacenter(),
                    Map.of(), Map.of(), 0, 0)));
        }
        String host = hostOf(address);
        return nodes.stream().filter(n -> n.address().equals(host)).findFirst();
    }

    private static String hostOf(String address) {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public CompletionStage<Void> raftRemovePeer(String id, String address, WriteOptions options) {
        boolean hasId = id != null && !id.isEmpty();
        boolean hasAddress = address != null && !address.isEmpty();
        if (hasId == hasAddress) {
            return CompletableFuture.failedFuture(ApiException.badRequest(hasId
                    ? "Must specify only one of ?id or ?address"
                    : "Must specify either ?id with the server's ID or ?address with IP:port of server to remove"));
        }
        Optional<ConsensusServer> match = peers().stream()
                .filter(p -> hasId ? p.server().id().equals(id) : p.server().address().equals(address))
                .map(Peer::voter).findFirst();
        if (match.isEmpty()) {
            return CompletableFuture.failedFuture(new ApiException(ApiException.Kind.INTERNAL, hasId
                    ? "id \"" + id + "\" was not found in the Raft configuration"
                    : "address \"" + address + "\" was not found in the Raft configuration"));
        }
        // the consensus names its voters by node name (raft id), whichever way the operator named the server
        return consensus.removeVoter(match.get().id())
                .handle((v, error) -> {
                    if (error != null) {
                        throw new CompletionException(asApi(error, "removing raft peer " + (hasId ? id : address)));
                    }
                    return null;
                });
    }

    @Override
    public CompletionStage<AutopilotConfig> autopilotConfiguration(QueryOptions options) {
        return CompletableFuture.completedFuture(currentConfig());
    }

    private AutopilotConfig currentConfig() {
        return store.autopilotConfig().value().orElse(configured);
    }

    @Override
    public CompletionStage<Boolean> setAutopilotConfiguration(AutopilotConfig config, Long cas, WriteOptions options) {
        if (config.lastContactThreshold().isNegative() || config.serverStabilizationTime().isNegative()
                || config.maxTrailingLogs() < 0 || config.minQuorum() < 0) {
            return CompletableFuture.failedFuture(ApiException.badRequest(
                    "Error parsing autopilot config: durations and counts must not be negative"));
        }
        return proposer.propose(new Command.AutopilotSet(config, cas), Boolean.class, ApiException.Kind.INTERNAL);
    }

    @Override
    public CompletionStage<AutopilotHealth> autopilotHealth(QueryOptions options) {
        return CompletableFuture.completedFuture(health());
    }

    AutopilotHealth health() {
        AutopilotConfig config = currentConfig();
        RaftConfiguration raft = configuration();
        long index = store.index();
        List<AutopilotHealth.Server> servers = new ArrayList<>();
        int healthyVoters = 0;
        java.util.Map<String, io.muster.spi.consensus.ServerProgress> progress = consensus.serverProgress();
        for (RaftConfiguration.Server server : raft.servers()) {
            String serf = serfStatus(server.node());
            boolean local = server.address().equals(self.rpcAddress());
            // The leader knows every server's last contact and log index; a follower only its own contact.
            io.muster.spi.consensus.ServerProgress known = progress.get(server.node());
            Duration lastContact = known != null ? Duration.ofMillis(Math.min(known.lastContactMillis(), 86_400_000L))
                    : server.leader() ? Duration.ZERO
                    : local ? Duration.ofMillis(consensus.lastContactMillis()) : Duration.ZERO;
            boolean healthy = serf.equals("alive") && consensus.leader().isPresent()
                    && lastContact.compareTo(config.lastContactThreshold()) <= 0;
            Instant since = healthy ? stableSince.computeIfAbsent(server.id(), k -> clock.instant())
                    : null;
            if (!healthy) {
                stableSince.remove(server.id());
            }
            if (healthy && server.voter()) {
                healthyVoters++;
            }
            servers.add(new AutopilotHealth.Server(server.id(), server.node(), server.address(), serf, version,
                    server.leader(), lastContact, known != null ? known.lastTerm() : SnapshotEndpoint.TERM,
                    known != null ? known.lastIndex() : index, healthy, server.voter(),
                    since == null ? clock.instant() : since));
        }
        int voters = (int) raft.servers().stream().filter(RaftConfiguration.Server::voter).count();
        int quorum = voters / 2 + 1;
        boolean allHealthy = !servers.isEmpty() && servers.stream().allMatch(AutopilotHealth.Server::healthy);
        return new AutopilotHealth(allHealthy, Math.max(0, healthyVoters - quorum), servers);
    }

    /** The gossip status of a server's node as the leader recorded it in its serfHealth check. */
    private String serfStatus(String node) {
        List<HealthCheck> checks = store.nodeChecks(node).value();
        Optional<HealthCheck> serf = checks.stream().filter(c -> c.checkId().equals("serfHealth")).findFirst();
        if (serf.isEmpty()) {
            // A server whose node is not in the catalog yet (this agent before its first sync) is alive if it is us.
            return node.equals(self.nodeName()) ? "alive" : "none";
        }
        return serf.get().status() == HealthStatus.PASSING ? "alive" : "failed";
    }

    @Override
    public CompletionStage<AutopilotState> autopilotState(QueryOptions options) {
        AutopilotHealth health = health();
        AutopilotConfig config = currentConfig();
        List<String> voters = health.servers().stream().filter(AutopilotHealth.Server::voter)
                .map(AutopilotHealth.Server::id).toList();
        long healthyVoters = health.servers().stream().filter(s -> s.voter() && s.healthy()).count();
        int optimistic = (int) Math.max(0, healthyVoters - Math.max(1, config.minQuorum()));
        String leader = health.servers().stream().filter(AutopilotHealth.Server::leader)
                .map(AutopilotHealth.Server::id).findFirst().orElse("");
        return CompletableFuture.completedFuture(new AutopilotState(health.healthy(), health.failureTolerance(),
                optimistic, leader, voters, health.servers()));
    }

    @Override
    public CompletionStage<List<KeyringResponse>> keyringList(boolean localOnly) {
        return keyring("listing gossip keys", Membership::keyringList);
    }

    @Override
    public CompletionStage<List<KeyringResponse>> keyringInstall(String key) {
        return withKey(key, "installing gossip key", m -> m.keyringInstall(key));
    }

    @Override
    public CompletionStage<List<KeyringResponse>> keyringUse(String key) {
        return withKey(key, "changing the primary gossip key", m -> m.keyringUse(key));
    }

    @Override
    public CompletionStage<List<KeyringResponse>> keyringRemove(String key) {
        return withKey(key, "removing gossip key", m -> m.keyringRemove(key));
    }

    private CompletionStage<List<KeyringResponse>> withKey(String key, String what,
                                                           Function<Membership, CompletionStage<List<KeyringResponse>>> op) {
        if (key == null || key.isEmpty()) {
            return CompletableFuture.failedFuture(ApiException.badRequest("Missing Key: the body must be {\"Key\": \"<base64 key>\"}"));
        }
        return keyring(what, op);
    }

    private CompletionStage<List<KeyringResponse>> keyring(String what,
                                                           Function<Membership, CompletionStage<List<KeyringResponse>>> op) {
        if (membership.isEmpty()) {
            return CompletableFuture.failedFuture(new ApiException(ApiException.Kind.INTERNAL, what
                    + " failed: this agent runs without a membership plugin, so it has no gossip keyring"));
        }
        CompletionStage<List<KeyringResponse>> stage;
        try {
            stage = op.apply(membership.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(asApi(e, what));
        }
        return stage.handle((result, error) -> {
            if (error != null) {
                throw new CompletionException(asApi(error, what));
            }
            return result;
        });
    }

    private static ApiException asApi(Throwable error, String what) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof ApiException api) {
            return api;
        }
        ApiException.Kind kind = e instanceof IllegalArgumentException ? ApiException.Kind.BAD_REQUEST
                : ApiException.Kind.INTERNAL;
        return new ApiException(kind, what + " failed: " + e.getMessage(), e);
    }
}
