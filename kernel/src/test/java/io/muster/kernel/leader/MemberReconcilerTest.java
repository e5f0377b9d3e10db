package io.muster.kernel.leader;

import io.muster.kernel.consensus.Command;
import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.membership.MemberEvent;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Member;
import io.muster.spi.model.MemberStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class MemberReconcilerTest {
    private final List<Command> proposed = new ArrayList<>();
    private final MemberReconciler reconciler = new MemberReconciler(c -> {
        proposed.add(c);
        return CompletableFuture.completedFuture(true);
    }, "self", "dc1");

    private static Member member(String name, Map<String, String> tags, MemberStatus status) {
        return new Member(name, "10.0.0.7", 8301, tags, status, 2, 5, 2);
    }

    private CatalogRegistration lastRegistration() {
        return ((Command.CatalogRegister) proposed.get(proposed.size() - 1)).registration();
    }

    @Test
    void aliveServerIsRegisteredWithPassingSerfHealthAndTheConsulService() {
        reconciler.reconcile(new MemberEvent(MemberEvent.Type.JOIN,
                member("srv1", Map.of("role", "consul", "port", "8300", "id", "abc", "dc", "dc1"), MemberStatus.ALIVE)));
        CatalogRegistration r = lastRegistration();
        assertThat(r.node()).isEqualTo("srv1");
        assertThat(r.address()).isEqualTo("10.0.0.7");
        assertThat(r.id()).isEqualTo("abc");
        assertThat(r.service().id()).isEqualTo("consul");
        assertThat(r.service().port()).isEqualTo(8300);
        HealthCheck serf = r.checks().get(0);
        assertThat(serf.checkId()).isEqualTo("serfHealth");
        assertThat(serf.name()).isEqualTo("Serf Health Status");
        assertThat(serf.status()).isEqualTo(HealthStatus.PASSING);
        assertThat(serf.output()).isEqualTo("Agent alive and reachable");
    }

    @Test
    void failedMemberTurnsSerfHealthCritical() {
        reconciler.reconcile(new MemberEvent(MemberEvent.Type.FAIL, member("c1", Map.of(), MemberStatus.FAILED)));
        CatalogRegistration r = lastRegistration();
        assertThat(r.service()).isNull();
        assertThat(r.skipNodeUpdate()).isTrue();
        assertThat(r.checks().get(0).status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(r.checks().get(0).output()).isEqualTo("Agent not live or unreachable");
    }

    @Test
    void leftOrReapedMembersAreDeregisteredButNeverThisServer() {
        reconciler.reconcile(new MemberEvent(MemberEvent.Type.LEAVE, member("c1", Map.of(), MemberStatus.LEFT)));
        reconciler.reconcile(new MemberEvent(MemberEvent.Type.REAP, member("c2", Map.of(), MemberStatus.LEFT)));
        reconciler.reconcile(new MemberEvent(MemberEvent.Type.LEAVE, member("self", Map.of(), MemberStatus.LEFT)));
        assertThat(proposed).containsExactly(new Command.CatalogDeregister("c1", null, null),
                new Command.CatalogDeregister("c2", null, null));
    }
}
