package io.muster.http.server;

import java.time.Duration;
import java.util.Optional;

/**
 * Go's {@code time.ParseDuration} grammar ("300ms", "1m30s", "1.5h", "0"), which Consul uses for {@code ?wait},
 * session TTLs and lock delays, and its inverse for values Consul prints ("30s", "1m0s").
 */
public final class GoDuration {
    private GoDuration() {
    }

    /** The parsed duration, or empty when {@code text} is not a Go duration. */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            negative = text.charAt(0) == '-';
            i++;
        }
        if (text.substring(i).equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (i == text.length()) {
            return Optional.empty();
        }
        double totalNanos = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            String number = text.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                return Optional.empty();
            }
            int unitStart = i;
            while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                i++;
            }
            long unitNanos = unitNanos(text.substring(unitStart, i));
            if (unitNanos == 0) {
                return Optional.empty();
            }
            totalNanos += Double.parseDouble(number) * unitNanos;
        }
        if (totalNanos > Long.MAX_VALUE) {
            return Optional.empty();
        }
        long nanos = Math.round(totalNanos);
        return Optional.of(Duration.ofNanos(negative ? -nanos : nanos));
    }

    private static long unitNanos(String unit) {
        switch (unit) {
            case "ns": return 1L;
            case "us": case "\u00b5s": case "\u03bcs": return 1_000L;
            case "ms": return 1_000_000L;
            case "s": return 1_000_000_000L;
            case "m": return 60_000_000_000L;
            case "h": return 3_600_000_000_000L;
            default: return 0L;
        }
    }

    /** Go's {@code Duration.String()} form for whole seconds and above ("15s", "1m0s", "1h0m0s"), else "250ms". */
    public static String format(Duration d) {
        if (d == null) {
            return "";
        }
        if (d.isZero()) {
            return "0s";
        }
        long nanos = d.toNanos();
        if (Math.abs(nanos) < 1_000_000_000L) {
            if (nanos % 1_000_000L == 0) {
                return nanos / 1_000_000L + "ms";
            }
            if (nanos % 1_000L == 0) {
                return nanos / 1_000L + "\u00b5s";
            }
            return nanos + "ns";
        }
        StringBuilder out = new StringBuilder();
        if (nanos < 0) {
            out.append('-');
            nanos = -nanos;
        }
        long hours = nanos / 3_600_000_000_000L;
        long minutes = (nanos / 60_000_000_000L) % 60;
        long wholeSeconds = (nanos / 1_000_000_000L) % 60;
        long fraction = nanos % 1_000_000_000L;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(wholeSeconds);
        if (fraction > 0) {
            String f = String.format("%09d", fraction).replaceAll("0+$", "");
            out.append('.').append(f);
        }
        return out.append('s').toString();
    }
}
