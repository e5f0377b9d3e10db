package io.muster.kernel.endpoint;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.Consistency;
import io.muster.spi.api.EventApi;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.membership.Membership;
import io.muster.spi.membership.UserEvent;
import io.muster.spi.model.Service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code /v1/event}: fires user events through the membership plugin (or straight to this agent without one) and
 * keeps the last {@value #BUFFER_SIZE} events this agent accepted, after its node/service/tag filters, as Consul's
 * agent does. A blocking list parks a future until the next accepted event or the wait elapses; no thread waits.
 */
public final class EventEndpoint implements EventApi {
    /** Consul's agent keeps this many user events. */
    public static final int BUFFER_SIZE = 256;
    /** The user event of Consul's {@code exec} command. */
    public static final String REMOTE_EXEC_EVENT = "_rexec";

    private final String nodeName;
    private final Supplier<Collection<Service>> localServices;
    private final Optional<Membership> membership;
    private final ScheduledExecutorService scheduler;
    private final ArrayDeque<UserEvent> buffer = new ArrayDeque<>(BUFFER_SIZE);
    private final List<CompletableFuture<Boolean>> waiters = new ArrayList<>();
    /** Lamport clock of events fired without a membership plugin. */
    private long localClock;
    /** Receives accepted {@code _rexec} events, which Consul's agent handles itself and never buffers. */
    private volatile Consumer<UserEvent> remoteExec = event -> { };

    public EventEndpoint(String nodeName, Supplier<Collection<Service>> localServices, Optional<Membership> membership,
                         ScheduledExecutorService scheduler) {
        this.nodeName = nodeName;
        this.localServices = localServices;
        this.membership = membership;
        this.scheduler = scheduler;
    }

    @Override
    public CompletionStage<UserEvent> fire(String name, byte[] payload, String nodeFilter, String serviceFilter,
                                           String tagFilter, WriteOptions options) {
        UserEvent event = new UserEvent(UUID.randomUUID().toString(), name, payload == null ? new byte[0] : payload,
                empty(nodeFilter), empty(serviceFilter), empty(tagFilter), 0);
        try {
            validate(event);
            if (membership.isPresent()) {
                membership.get().fire(event);
            } else {
                long ltime;
                synchronized (this) {
                    ltime = ++localClock;
                }
                receive(new UserEvent(event.id(), event.name(), event.payload(), event.nodeFilter(),
                        event.serviceFilter(), event.tagFilter(), ltime));
            }
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ApiException(ApiException.Kind.INTERNAL,
                    "firing user event " + name + " failed: " + e.getMessage(), e));
        }
        return CompletableFuture.completedFuture(event);
    }

    private static String empty(String s) {
        return s == null ? "" : s;
    }

    /** Consul's validateUserEventParams; its errors are answered with HTTP 500. */
    static void validate(UserEvent event) {
        if (event.name() == null || event.name().isEmpty()) {
            throw new ApiException(ApiException.Kind.INTERNAL, "User event missing name");
        }
        if (!event.tagFilter().isEmpty() && event.serviceFilter().isEmpty()) {
            throw new ApiException(ApiException.Kind.INTERNAL, "Cannot provide tag filter without service filter");
        }
        compile(event.nodeFilter(), "node");
        compile(event.serviceFilter(), "service");
        compile(event.tagFilter(), "tag");
    }

    private static Pattern compile(String regex, String what) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ApiException(ApiException.Kind.INTERNAL, "Invalid " + what + " filter: "
                    + e.getDescription() + " in `" + regex + "`");
        }
    }

    /**
     * An event delivered by gossip (or fired locally): kept when this agent matches its filters. Called on the
     * membership plugin's thread; does not block (waiters are completed, their re-reads run where they run).
     */
    public void receive(UserEvent event) {
        if (!accepts(event)) {
            return;
        }
        if (REMOTE_EXEC_EVENT.equals(event.name())) {
            remoteExec.accept(event);
            return;
        }
        List<CompletableFuture<Boolean>> woken;
        synchronized (this) {
            if (buffer.size() == BUFFER_SIZE) {
                buffer.removeFirst();
            }
            buffer.addLast(event);
            woken = List.copyOf(waiters);
            waiters.clear();
        }
        woken.forEach(w -> w.complete(Boolean.FALSE));
    }

    /** Where accepted {@code _rexec} events go (the agent's remote exec handler); they are not listed. */
    public void onRemoteExec(Consumer<UserEvent> handler) {
        this.remoteExec = handler;
    }

    /** Consul's shouldProcessUserEvent: the node filter matches this node, the service (and tag) filter a service. */
    boolean accepts(UserEvent event) {
        try {
            if (!event.nodeFilter().isEmpty() && !Pattern.compile(event.nodeFilter()).matcher(nodeName).find()) {
                return false;
            }
            if (event.serviceFilter().isEmpty()) {
                return true;
            }
            Pattern service = Pattern.compile(event.serviceFilter());
            Pattern tag = event.tagFilter().isEmpty() ? null : Pattern.compile(event.tagFilter());
            for (Service s : localServices.get()) {
                if (service.matcher(s.service()).find()
                        && (tag == null || s.tags().stream().anyMatch(t -> tag.matcher(t).find()))) {
                    return true;
                }
            }
            return false;
        } catch (PatternSyntaxException e) {
            // Another agent's filter that this JVM cannot compile: the event is not for us to act on.
            return false;
        }
    }

    @Override
    public CompletionStage<QueryResult<List<UserEvent>>> list(String name, QueryOptions options) {
        // Completes with true when the wait elapsed, false when an event arrived.
        CompletableFuture<Boolean> changed = new CompletableFuture<>();
        QueryResult<List<UserEvent>> now;
        synchronized (this) {
            now = snapshot(name, options);
            if (!options.blocking() || now.index() != options.minIndex()) {
                return CompletableFuture.completedFuture(now);
            }
            waiters.add(changed);
        }
        long waitMillis = BlockingQueries.effectiveWait(options).toMillis();
        ScheduledFuture<?> timer = scheduler.schedule(() -> changed.complete(Boolean.TRUE), waitMillis,
                TimeUnit.MILLISECONDS);
        return changed.thenCompose(timedOut -> {
            timer.cancel(false);
            synchronized (this) {
                waiters.remove(changed);
            }
            return list(name, options.withMinIndex(timedOut ? 0 : options.minIndex(), options.maxWait()));
        });
    }

    private QueryResult<List<UserEvent>> snapshot(String name, QueryOptions options) {
        List<UserEvent> events = new ArrayList<>();
        for (UserEvent e : buffer) {
            if (name == null || name.isEmpty() || e.name().equals(name)) {
                events.add(e);
            }
        }
        // Consul derives the index from the newest buffered event of any name.
        long index = buffer.isEmpty() ? 1 : index(buffer.peekLast().id());
        return new QueryResult<>(List.copyOf(events), index, true, 0,
                options.consistency() == null ? Consistency.DEFAULT : options.consistency());
    }

    /**
     * Consul's uuidToUint64: the XOR of the UUID's two 64-bit halves; the top bit is cleared so the index prints as
     * a positive number for clients that parse it as a signed long.
     */
    static long index(String uuid) {
        String hex = uuid.replace("-", "");
        if (hex.length() != 32) {
            return 1;
        }
        try {
            long low = Long.parseUnsignedLong(hex.substring(0, 16), 16);
            long high = Long.parseUnsignedLong(hex.substring(16), 16);
            long value = (low ^ high) & Long.MAX_VALUE;
            return value == 0 ? 1 : value;
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
