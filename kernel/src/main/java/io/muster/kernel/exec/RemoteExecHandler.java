package io.muster.kernel.exec;

import io.muster.spi.ConfigView;
import io.muster.spi.api.KvApi;
import io.muster.spi.membership.UserEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Receives the {@code _rexec} user events this agent accepted. With {@code disable_remote_exec = true} (the
 * default) the event is ignored; otherwise the job runs on its own thread, as Consul's agent runs a goroutine.
 */
public final class RemoteExecHandler implements Consumer<UserEvent> {
    /** The user event Consul's {@code exec} command fires. */
    public static final String EVENT_NAME = "_rexec";
    private static final Logger log = LoggerFactory.getLogger("agent.remote_exec");

    private final boolean enabled;
    private final String nodeName;
    private final ExecStore store;
    private final Executor jobs;
    private final Clock clock;

    public RemoteExecHandler(boolean enabled, String nodeName, ExecStore store, Executor jobs, Clock clock) {
        this.enabled = enabled;
        this.nodeName = nodeName;
        this.store = store;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** The agent's handler: reads {@code disable_remote_exec}, writes through the agent's KV endpoint. */
    public static RemoteExecHandler forAgent(ConfigView config, String nodeName, KvApi kv) {
        boolean enabled = !config.bool("disable_remote_exec", true);
        Executor ownThread = job -> {
            Thread thread = new Thread(job, "muster-remote-exec");
            thread.setDaemon(true);
            thread.start();
        };
        return new RemoteExecHandler(enabled, nodeName, new KvApiExecStore(kv), ownThread, Clock.systemUTC());
    }

    @Override
    public void accept(UserEvent event) {
        if (!enabled) {
            log.debug("ignoring remote exec event {} (ID: {}): disable_remote_exec is true on this agent",
                    event.name(), event.id());
            return;
        }
        log.debug("received remote exec event (ID: {})", event.id());
        RemoteExecRequest request;
        try {
            request = RemoteExecRequest.parse(event.payload());
        } catch (InvalidRemoteExecException e) {
            log.error("failed to decode remote exec event {}: {}", event.id(), e.getMessage());
            return;
        }
        jobs.execute(() -> new RemoteExecJob(nodeName, store, clock).run(request));
    }
}
