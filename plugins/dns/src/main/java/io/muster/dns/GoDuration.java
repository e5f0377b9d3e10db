package io.muster.dns;

import java.math.BigDecimal;
import java.time.Duration;

/** Go's duration syntax ("10s", "1m30s", "1.5h", "250ms") or a bare number of nanoseconds, as Consul accepts. */
final class GoDuration {
    private GoDuration() {
    }

    static Duration parse(String text, String key) {
        String s = text.trim();
        if (s.matches("\\d+")) {
            return Duration.ofNanos(Long.parseLong(s));
        }
        int i = 0;
        long nanos = 0;
        boolean any = false;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            if (start == unitStart || unitStart == i) {
                throw bad(text, key);
            }
            long unit = switch (s.substring(unitStart, i)) {
                case "ns" -> 1L;
                case "us", "\u00b5s" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw bad(text, key);
            };
            try {
                nanos += new BigDecimal(s.substring(start, unitStart)).multiply(BigDecimal.valueOf(unit)).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw bad(text, key);
            }
            any = true;
        }
        if (!any) {
            throw bad(text, key);
        }
        return Duration.ofNanos(nanos);
    }

    private static IllegalArgumentException bad(String text, String key) {
        return new IllegalArgumentException("config key " + key + ": invalid duration \"" + text
                + "\": expected a Go duration such as 10s, 1m30s or 250ms");
    }
}
