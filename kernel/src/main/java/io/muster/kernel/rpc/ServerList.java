package io.muster.kernel.rpc;

import io.muster.spi.api.ApiException;
import io.muster.spi.model.Member;
import io.muster.spi.model.MemberStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A client agent's servers, as Consul's router manager keeps them: the alive LAN members tagged {@code role=consul}
 * in this datacenter at their RPC address ({@code address:port} tag), in a shuffled order whose head is the server
 * every call goes to. A server that fails moves to the end; the whole list is re-shuffled every
 * {@link #REBALANCE_INTERVAL} so that clients spread over the servers again after failures and joins.
 */
public final class ServerList implements ForwardTargets {
    /**
     * How often the order is re-shuffled. Consul's manager waits 2 minutes plus a share scaled with the cluster
     * size; at the cluster sizes this agent targets the 2 minute floor is what applies.
     */
    public static final Duration REBALANCE_INTERVAL = Duration.ofMinutes(2);
    static final String NO_SERVERS = "No known Consul servers";

    private final Supplier<List<String>> known;
    private final Clock clock;
    private final Random random;
    private List<String> order = List.of();
    private Instant nextRebalance = Instant.MIN;

    /** {@code known} yields the servers' RPC addresses as gossip sees them now. */
    public ServerList(Supplier<List<String>> known, Clock clock, Random random) {
        this.known = known;
        this.clock = clock;
        this.random = random;
    }

    /** The RPC addresses of the alive servers of {@code datacenter} among {@code members}. */
    public static List<String> rpcAddresses(List<Member> members, String datacenter) {
        List<String> servers = new ArrayList<>();
        for (Member m : members) {
            if (m.status() == MemberStatus.ALIVE && "consul".equals(m.tags().get("role"))
                    && datacenter.equals(m.tags().get("dc")) && m.tags().containsKey("port")) {
                servers.add(m.address() + ":" + m.tags().get("port"));
            }
        }
        return servers;
    }

    @Override
    public synchronized List<String> candidates() {
        List<String> now = known.get();
        Instant at = clock.instant();
        if (!at.isBefore(nextRebalance)) {
            List<String> shuffled = new ArrayList<>(new LinkedHashSet<>(now));
            Collections.shuffle(shuffled, random);
            order = List.copyOf(shuffled);
            nextRebalance = at.plus(REBALANCE_INTERVAL);
        } else if (!Set.copyOf(order).equals(Set.copyOf(now))) {
            // Servers joined or left between rebalances: keep the survivors' order (and so the preferred server),
            // add newcomers at the end.
            Set<String> current = new LinkedHashSet<>(now);
            List<String> next = new ArrayList<>(order);
            next.retainAll(current);
            for (String s : current) {
                if (!next.contains(s)) {
                    next.add(s);
                }
            }
            order = List.copyOf(next);
        }
        return order;
    }

    @Override
    public synchronized void failed(String address) {
        if (order.contains(address)) {
            List<String> next = new ArrayList<>(order);
            next.remove(address);
            next.add(address);
            order = List.copyOf(next);
        }
    }

    @Override
    public ApiException none() {
        return new ApiException(ApiException.Kind.INTERNAL, NO_SERVERS);
    }
}
