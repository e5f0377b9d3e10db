package io.muster.kernel.cluster;

import io.muster.kernel.config.ConfigTree;
import io.muster.spi.consensus.Consensus;
import io.muster.spi.consensus.ConsensusServer;
import io.muster.spi.membership.Membership;
import io.muster.spi.model.AutopilotConfig;
import io.muster.spi.model.Member;
import io.muster.spi.model.MemberStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Consul's autopilot, run by the leader every {@link #INTERVAL}: a server alive in gossip for
 * {@code server_stabilization_time} becomes a voter; a server that left (leave, or force-leave) is removed from the
 * raft configuration; with {@code cleanup_dead_servers} a failed voter is force-left (and then removed as one that
 * left), never below {@code min_quorum} voters and never more than a minority of the voters at once
 * (raft-autopilot's pruneDeadServers). Decisions are made by {@link #plan}, a pure function of the inputs; every
 * server keeps its alive-since times so that a new leader needs no history.
 */
public final class Autopilot {
    private static final Logger log = LoggerFactory.getLogger("agent.autopilot");

    /** How often the leader reconciles (Consul: ServerHealthInterval 2 s). */
    public static final Duration INTERVAL = Duration.ofSeconds(2);

    /** What the leader does about one server. */
    public sealed interface Action {
        /** Adds a server that has been alive for the stabilization time as a voter. */
        record AddVoter(ConsensusServer server) implements Action {
        }

        /** Removes a voter that left the gossip pool. */
        record RemoveVoter(String id, String node) implements Action {
        }

        /** Force-leaves a failed voter in gossip; the next round removes it as one that left. */
        record ForceLeave(String node) implements Action {
        }
    }

    /** A server as gossip knows it. */
    public record KnownServer(ConsensusServer server, MemberStatus status) {
    }

    private final Consensus consensus;
    private final Membership membership;
    private final String datacenter;
    private final String selfName;
    private final Supplier<AutopilotConfig> config;
    private final Clock clock;
    private final Map<String, Instant> aliveSince = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public Autopilot(Consensus consensus, Membership membership, String datacenter, String selfName,
                     Supplier<AutopilotConfig> config, Clock clock) {
        this.consensus = consensus;
        this.membership = membership;
        this.datacenter = datacenter;
        this.selfName = selfName;
        this.config = config;
        this.clock = clock;
    }

    /** The agent config's {@code autopilot} block: what applies until an operator stores a configuration. */
    public static AutopilotConfig configured(ConfigTree tree) {
        AutopilotConfig d = AutopilotConfig.DEFAULTS;
        return new AutopilotConfig(
                tree.bool("autopilot.cleanup_dead_servers", d.cleanupDeadServers()),
                tree.duration("autopilot.last_contact_threshold", d.lastContactThreshold()),
                tree.number("autopilot.max_trailing_logs", d.maxTrailingLogs()),
                tree.number("autopilot.min_quorum", d.minQuorum()),
                tree.duration("autopilot.server_stabilization_time", d.serverStabilizationTime()),
                tree.string("autopilot.redundancy_zone_tag", ""),
                tree.bool("autopilot.disable_upgrade_migration", false),
                tree.string("autopilot.upgrade_version_tag", ""), 0, 0);
    }

    /** One round: every server refreshes its alive-since times; the leader acts. Runs on the agent's timers. */
    public void tick() {
        try {
            List<KnownServer> known = knownServers();
            Instant now = clock.instant();
            track(known, now);
            if (!consensus.isLeader()) {
                return;
            }
            for (Action action : plan(config.get(), selfName, consensus.voters(), known, Map.copyOf(aliveSince), now)) {
                act(action);
            }
        } catch (RuntimeException e) {
            log.warn("autopilot round failed: {}; it runs again in {} s", e.toString(), INTERVAL.toSeconds(), e);
        }
    }

    private List<KnownServer> knownServers() {
        List<KnownServer> out = new ArrayList<>();
        for (Member m : membership.members(false)) {
            ServerTracker.serverOf(m, datacenter).ifPresent(s -> out.add(new KnownServer(s, m.status())));
        }
        return out;
    }

    private void track(List<KnownServer> known, Instant now) {
        Map<String, Boolean> alive = new HashMap<>();
        known.forEach(k -> alive.put(k.server().id(), k.status() == MemberStatus.ALIVE));
        aliveSince.keySet().removeIf(id -> !alive.getOrDefault(id, false));
        alive.forEach((id, isAlive) -> {
            if (isAlive) {
                aliveSince.putIfAbsent(id, now);
            }
        });
    }

    /**
     * What the leader should do now. Voters are matched to gossip members by RPC address (a consensus may name its
     * voters by address); the leader ({@code self}) is never removed. At most one raft configuration change per
     * round: raft changes membership one server at a time.
     */
    static List<Action> plan(AutopilotConfig config, String self, List<ConsensusServer> voters,
                             List<KnownServer> known, Map<String, Instant> aliveSince, Instant now) {
        List<Action> actions = new ArrayList<>();
        Map<String, ConsensusServer> voterByRpc = new HashMap<>();
        voters.forEach(v -> voterByRpc.put(v.rpcAddress(), v));
        int voterCount = voters.size();

        for (KnownServer k : known) {
            ConsensusServer voter = voterByRpc.get(k.server().rpcAddress());
            if (voter != null && k.status() == MemberStatus.LEFT && !k.server().id().equals(self)) {
                actions.add(new Action.RemoveVoter(voter.id(), k.server().id()));
                return actions;
            }
        }
        for (KnownServer k : known) {
            Instant since = aliveSince.get(k.server().id());
            if (!voterByRpc.containsKey(k.server().rpcAddress()) && k.status() == MemberStatus.ALIVE && since != null
                    && !k.server().id().equals(self)
                    && !since.plus(config.serverStabilizationTime()).isAfter(now)) {
                actions.add(new Action.AddVoter(k.server()));
                return actions;
            }
        }
        if (config.cleanupDeadServers()) {
            int maxRemoval = (voterCount - 1) / 2;
            for (KnownServer k : known) {
                if (!voterByRpc.containsKey(k.server().rpcAddress()) || k.status() != MemberStatus.FAILED
                        || k.server().id().equals(self)) {
                    continue;
                }
                if (voterCount - 1 < config.minQuorum() || maxRemoval < 1) {
                    break; // removing it would leave fewer voters than min_quorum, or remove a majority
                }
                actions.add(new Action.ForceLeave(k.server().id()));
                maxRemoval--;
                voterCount--;
            }
        }
        return actions;
    }

    private void act(Action action) {
        if (action instanceof Action.AddVoter a) {
            String id = a.server().id();
            if (inFlight.add(id)) {
                log.info("adding server {} ({}) as a voter: alive for the server stabilization time", id,
                        a.server().consensusAddress());
                done(id, consensus.addVoter(id, a.server().consensusAddress()), e -> log.warn("could not add server"
                        + " {} ({}) as a voter: {}; autopilot tries again in {} s", id, a.server().consensusAddress(),
                        e.getMessage(), INTERVAL.toSeconds()));
            }
        } else if (action instanceof Action.RemoveVoter r) {
            if (inFlight.add(r.node())) {
                log.info("removing server {} from the raft configuration: it left the cluster", r.node());
                done(r.node(), consensus.removeVoter(r.id()), e -> log.warn("server {} left, but removing it from"
                        + " the raft configuration failed: {}; autopilot tries again in {} s, or run `muster operator"
                        + " raft remove-peer -id={}`", r.node(), e.getMessage(), INTERVAL.toSeconds(), r.id()));
            }
        } else if (action instanceof Action.ForceLeave f) {
            if (inFlight.add(f.node())) {
                log.info("server {} failed: force-leaving it so that it is removed from the raft configuration"
                        + " (autopilot cleanup_dead_servers)", f.node());
                done(f.node(), membership.forceLeave(f.node(), false), e -> log.warn("could not force-leave failed"
                        + " server {}: {}; autopilot tries again in {} s", f.node(), e.getMessage(),
                        INTERVAL.toSeconds()));
            }
        }
    }

    private void done(String key, CompletionStage<Void> stage, Consumer<Throwable> onError) {
        stage.whenComplete((v, e) -> {
            inFlight.remove(key);
            if (e != null) {
                onError.accept(e instanceof CompletionException && e.getCause() != null
                        ? e.getCause() : e);
            }
        });
    }
}
