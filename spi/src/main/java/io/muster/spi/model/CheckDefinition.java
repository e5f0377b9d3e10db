package io.muster.spi.model;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A check as an operator defines it. The fields common to every check type are typed; everything that
 * belongs to one type (http, method, header, body, tls_skip_verify, tcp, args, grpc, alias_service, and a
 * third-party type's own keys) is in {@code options}, keyed in Consul's snake_case config spelling
 * ({@code tls_skip_verify}, not {@code TLSSkipVerify}); values are JSON-like (String, Number, Boolean,
 * List, Map). Durations that are absent are null; counters that are absent are 0.
 */
public record CheckDefinition(String id, String name, String serviceId, String notes, HealthStatus initialStatus,
                              Duration interval, Duration timeout, Duration ttl,
                              Duration deregisterCriticalServiceAfter, int successBeforePassing,
                              int failuresBeforeWarning, int failuresBeforeCritical, Map<String, Object> options) {
    public CheckDefinition {
        serviceId = serviceId == null ? "" : serviceId;
        notes = notes == null ? "" : notes;
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** The option's value, if set. */
    public Optional<Object> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /** The option's value as a string, if set and not empty. */
    public Optional<String> stringOption(String key) {
        Object v = options.get(key);
        return v == null || v.toString().isEmpty() ? Optional.empty() : Optional.of(v.toString());
    }
}
