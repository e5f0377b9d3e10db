package io.muster.raft;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * How this server enters consensus, decided from its flags, the servers it knows and what its data dir holds.
 * Pure: the caller reads files and config, this decides.
 * <ul>
 *   <li>{@link Mode#RECOVER}: an operator's {@code peers.json} names the voters (outage recovery);</li>
 *   <li>{@link Mode#RESUME}: an earlier run formed or joined a cluster; its voters are on disk;</li>
 *   <li>{@link Mode#FORM}: {@code bootstrap} (alone) or {@code bootstrap_expect} reached: every expected server
 *       computes the same voter set from the same known servers, so only one cluster can win a majority;</li>
 *   <li>{@link Mode#WAIT}: {@code bootstrap_expect} not reached yet; start nothing;</li>
 *   <li>{@link Mode#JOIN}: no bootstrap flag and another server is known: join its view as a non-voter and wait
 *       for the leader to add us (with no server known yet: WAIT).</li>
 * </ul>
 */
record BootstrapPlan(Mode mode, List<String> voters, String reason) {
    enum Mode { RECOVER, RESUME, FORM, WAIT, JOIN }

    static BootstrapPlan decide(String self, boolean bootstrap, int bootstrapExpect,
                                Optional<List<String>> peersJson, Optional<List<String>> persistedVoters,
                                Collection<String> knownServers) {
        if (peersJson.isPresent()) {
            List<String> voters = List.copyOf(new TreeSet<>(peersJson.get()));
            if (voters.isEmpty()) {
                throw new IllegalArgumentException("peers.json lists no servers: list every surviving server's"
                        + " id and address, or delete the file");
            }
            return new BootstrapPlan(Mode.RECOVER, voters, "peers.json names the voters " + voters);
        }
        if (persistedVoters.isPresent() && !persistedVoters.get().isEmpty()) {
            return new BootstrapPlan(Mode.RESUME, List.copyOf(persistedVoters.get()),
                    "resuming with the voters this data dir recorded " + persistedVoters.get());
        }
        if (bootstrap) {
            return new BootstrapPlan(Mode.FORM, List.of(self), "bootstrap: this server forms a cluster alone");
        }
        TreeSet<String> known = new TreeSet<>(knownServers);
        known.add(self);
        if (bootstrapExpect > 0) {
            if (known.size() >= bootstrapExpect) {
                return new BootstrapPlan(Mode.FORM, List.copyOf(known),
                        "bootstrap_expect " + bootstrapExpect + " reached with " + known);
            }
            return new BootstrapPlan(Mode.WAIT, List.of(), "bootstrap_expect " + bootstrapExpect
                    + ": " + known.size() + " server(s) known " + known + ", waiting for "
                    + (bootstrapExpect - known.size()) + " more");
        }
        if (known.size() < 2) {
            // Connecting now would form a JGroups view of our own; after the views merge this non-voter may be the
            // view coordinator, whose elections (ELECTION) would unseat the real leader. Join an existing view.
            return new BootstrapPlan(Mode.WAIT, List.of(), "no bootstrap flag: waiting to learn a server through"
                    + " gossip (-join/-retry-join) before joining its raft cluster");
        }
        // no voters of our own: jgroups-raft replicates only membership changes, so a joiner must take the voter
        // set from the leader's snapshot (RaftConsensus#addVoter snapshots first), never from a local guess
        return new BootstrapPlan(Mode.JOIN, List.of(),
                "no bootstrap flag: joining as a non-voter until the leader adds this server");
    }
}
