package io.muster.spi.model;

import java.util.Locale;

/** Health of a check, ordered from best to worst so that the worst of several is the maximum. */
public enum HealthStatus {
    PASSING, WARNING, CRITICAL;

    /** Consul's wire form: {@code passing}, {@code warning}, {@code critical}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses Consul's wire form; throws {@link IllegalArgumentException} naming the accepted values. */
    public static HealthStatus parse(String wire) {
        if (wire != null) {
            switch (wire.toLowerCase(Locale.ROOT)) {
                case "passing": return PASSING;
                case "warning": return WARNING;
                case "critical": return CRITICAL;
                default: break;
            }
        }
        throw new IllegalArgumentException("invalid check status \"" + wire + "\": expected passing, warning or critical");
    }

    public static HealthStatus worst(HealthStatus a, HealthStatus b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
