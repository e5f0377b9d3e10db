package io.muster.dns;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Forwards questions outside the domain to the configured recursors, one after the other (Consul's default
 * "sequential" strategy), each with {@code recursor_timeout}. A recursor's answer is used when its rcode is
 * NOERROR or NXDOMAIN; empty when every recursor failed, which the caller answers with SERVFAIL.
 * dnsjava's resolver is asynchronous (one shared NIO selector), so no thread waits for an upstream.
 */
final class Recursor {
    private static final Logger LOG = LoggerFactory.getLogger(Recursor.class);

    private final List<SimpleResolver> resolvers = new ArrayList<>();
    private final DebugLog debugLog;

    Recursor(List<InetSocketAddress> recursors, Duration timeout, DebugLog debugLog) {
        this.debugLog = debugLog;
        for (InetSocketAddress address : recursors) {
            SimpleResolver resolver = new SimpleResolver(address);
            resolver.setTimeout(timeout);
            // forward the client's EDNS0 (or its absence) unchanged
            resolver.setEDNS(-1, 0, 0, List.of());
            resolvers.add(resolver);
        }
    }

    boolean enabled() {
        return !resolvers.isEmpty();
    }

    CompletionStage<Optional<Message>> forward(Message query) {
        return attempt(query, 0);
    }

    private CompletionStage<Optional<Message>> attempt(Message query, int index) {
        if (index >= resolvers.size()) {
            LOG.debug("all recursors failed for {}", query.getQuestion());
            return CompletableFuture.completedFuture(Optional.empty());
        }
        SimpleResolver resolver = resolvers.get(index);
        return resolver.sendAsync(query.clone(), Runnable::run).handle((answer, failure) -> {
            if (failure == null && answer != null
                    && (answer.getRcode() == Rcode.NOERROR || answer.getRcode() == Rcode.NXDOMAIN)) {
                return CompletableFuture.completedFuture(Optional.of(answer));
            }
            debugLog.log("recursor {} failed for {}: {}", resolver.getAddress(), query.getQuestion(),
                    failure != null ? failure.toString() : Rcode.string(answer == null ? Rcode.SERVFAIL : answer.getRcode()));
            return attempt(query, index + 1);
        }).thenCompose(stage -> stage);
    }
}
