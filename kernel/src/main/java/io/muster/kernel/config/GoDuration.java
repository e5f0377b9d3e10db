package io.muster.kernel.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration} ("300ms", "1m30s", "1.5h", "-2s"; units ns, us, µs, ms, s, m, h) and
 * Consul's acceptance of a plain number in config files as nanoseconds.
 */
public final class GoDuration {
    static final String EXPECTED = "a duration such as \"10s\", \"1m30s\", \"250ms\" or \"72h\""
            + " (units ns, us, ms, s, m, h)";

    private static final Pattern SEGMENT = Pattern.compile("(\\d*\\.?\\d*)(ns|us|µs|μs|ms|s|m|h)");

    private GoDuration() {
    }

    public static Duration parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("expected " + EXPECTED + ", got an empty string");
        }
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SEGMENT.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int pos = 0;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos || m.group(1).isEmpty() || m.group(1).equals(".")) {
                throw new IllegalArgumentException("expected " + EXPECTED + ", got \"" + text + "\"");
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            pos = m.end();
        }
        long whole = nanos.longValue();
        return Duration.ofNanos(negative ? -whole : whole);
    }

    /** A config value: a Go duration string or a number of nanoseconds. */
    public static Duration fromConfigValue(Object v) {
        if (v instanceof Long || v instanceof Integer) {
            return Duration.ofNanos(((Number) v).longValue());
        }
        if (v instanceof Double d && d == Math.rint(d)) {
            return Duration.ofNanos(d.longValue());
        }
        if (v instanceof String s) {
            return parse(s);
        }
        throw new IllegalArgumentException("expected " + EXPECTED + ", got " + Values.describe(v));
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalStateException("unit " + unit);
        };
    }

    /** Formats as Go does: "10s", "1m30s", "1h0m0s", "250ms", "1.5s". */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        if (n < 1_000) {
            return sign + n + "ns";
        }
        if (n < 1_000_000) {
            return sign + fraction(n, 1_000) + "µs";
        }
        if (n < 1_000_000_000) {
            return sign + fraction(n, 1_000_000) + "ms";
        }
        long hours = n / 3_600_000_000_000L;
        long rest = n % 3_600_000_000_000L;
        long minutes = rest / 60_000_000_000L;
        long secNanos = rest % 60_000_000_000L;
        StringBuilder sb = new StringBuilder(sign);
        if (hours > 0) {
            sb.append(hours).append('h').append(minutes).append('m');
        } else if (minutes > 0) {
            sb.append(minutes).append('m');
        }
        return sb.append(fraction(secNanos, 1_000_000_000)).append('s').toString();
    }

    private static String fraction(long value, long unit) {
        BigDecimal v = BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros();
        return v.scale() <= 0 ? v.toBigInteger().toString() : v.toPlainString();
    }
}
