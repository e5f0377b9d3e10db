package io.muster.kernel.exec;

import io.muster.kernel.endpoint.EventEndpoint;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.membership.UserEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteExecHandlerTest {
    private static final String SESSION = "4e8a1f6c-0000-4000-8000-000000000002";

    private final FakeExecStore store = new FakeExecStore();
    private final List<Runnable> submitted = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static UserEvent event(String payload) {
        return new UserEvent("e1", "_rexec", payload.getBytes(StandardCharsets.UTF_8), "", "", "", 1);
    }

    private RemoteExecHandler handler(boolean enabled) {
        return new RemoteExecHandler(enabled, "node-a", store, submitted::add, Clock.systemUTC());
    }

    @Test
    void disabledAgentsIgnoreTheEvent() {
        handler(false).accept(event("{\"Prefix\":\"_rexec\",\"Session\":\"" + SESSION + "\"}"));

        assertThat(submitted).isEmpty();
    }

    @Test
    void enabledAgentsRunTheJob() {
        store.liveSessions.add(SESSION);
        store.put("_rexec/" + SESSION + "/job", "{\"Command\":\"echo ran\",\"Wait\":1000000000}");

        handler(true).accept(event("{\"Prefix\":\"_rexec\",\"Session\":\"" + SESSION + "\"}"));

        assertThat(submitted).hasSize(1);
        submitted.get(0).run();
        assertThat(store.text("_rexec/" + SESSION + "/node-a/exit")).isEqualTo("0");
        assertThat(store.output("_rexec/" + SESSION + "/node-a/out/")).isEqualTo("ran\n");
    }

    @Test
    void anUndecodablePayloadRunsNothing() {
        handler(true).accept(event("{\"Prefix\":\"_rexec\"}"));

        assertThat(submitted).isEmpty();
    }

    @Test
    void theEventEndpointHandsRexecToTheHandlerAndDoesNotListIt() {
        EventEndpoint events = new EventEndpoint("node-a", List::of, Optional.empty(), scheduler);
        List<UserEvent> handled = new ArrayList<>();
        events.onRemoteExec(handled::add);

        events.receive(event("{}"));
        events.receive(new UserEvent("e2", "deploy", new byte[0], "", "", "", 2));
        events.receive(new UserEvent("e3", "_rexec", new byte[0], "^other$", "", "", 3));

        assertThat(handled).extracting(UserEvent::id).containsExactly("e1");
        assertThat(events.list("", QueryOptions.DEFAULT).toCompletableFuture().join().value())
                .extracting(UserEvent::name).containsExactly("deploy");
    }
}
