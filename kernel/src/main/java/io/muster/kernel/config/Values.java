package io.muster.kernel.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks and conversions of single config values shared by flags and files. */
final class Values {
    static final String IP_EXPECTED = "an IP address such as \"10.0.0.5\", \"0.0.0.0\" or \"::\"";

    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+(%[\\w.-]+)?");

    private Values() {
    }

    /** How a value looks in an error message: its type and, for scalars, the value. */
    static String describe(Object v) {
        if (v instanceof String s) {
            return "the string \"" + s + "\"";
        }
        if (v instanceof Boolean b) {
            return "the boolean " + b;
        }
        if (v instanceof Number n) {
            return "the number " + n;
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        return v == null ? "null" : "a " + v.getClass().getSimpleName();
    }

    static boolean isIp(String s) {
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        if (!s.contains(":") || !IPV6_CHARS.matcher(s).matches()) {
            return false;
        }
        String addr = s.contains("%") ? s.substring(0, s.indexOf('%')) : s;
        // InetAddress does not resolve names for IPv6 literals made of these characters only.
        try {
            return java.net.InetAddress.getByName(addr) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /**
     * One IP address; a go-sockaddr template gets its own message because Consul accepts those and an operator
     * migrating a Consul config will meet this first.
     */
    static String checkIp(String value) {
        String s = value.trim();
        if (s.contains("{{")) {
            throw new IllegalArgumentException("go-sockaddr templates such as \"" + s
                    + "\" are not supported by Muster; write the IP address itself, e.g. \"10.0.0.5\" or \"0.0.0.0\"");
        }
        if (!isIp(s)) {
            throw new IllegalArgumentException("expected " + IP_EXPECTED + ", got \"" + value + "\"");
        }
        return s;
    }

    /** A space-separated list of IP addresses ({@code client_addr}, {@code addresses.http}). */
    static List<String> checkIpList(String value) {
        if (value.contains("{{")) {
            checkIp(value);
        }
        List<String> out = new ArrayList<>();
        for (String part : value.trim().split("\\s+")) {
            if (!part.isEmpty()) {
                out.add(checkIp(part));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("expected one or more space-separated IP addresses, got \"" + value + "\"");
        }
        return List.copyOf(out);
    }

    /** A DNS recursor: an IP, optionally with a port ("8.8.8.8", "8.8.8.8:53", "[::1]:53"). */
    static String checkRecursor(String value) {
        String s = value.trim();
        String host = s;
        String port = null;
        if (s.startsWith("[") && s.contains("]:")) {
            host = s.substring(1, s.indexOf("]:"));
            port = s.substring(s.indexOf("]:") + 2);
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = s.substring(s.indexOf(':') + 1);
        }
        try {
            checkIp(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected an IP address with an optional port such as \"8.8.8.8\""
                    + " or \"8.8.8.8:53\", got \"" + value + "\"", e);
        }
        if (port != null && !port.matches("\\d{1,5}") || port != null && Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("expected a port from 1 to 65535 after the address, got \"" + value + "\"");
        }
        return s;
    }

    /** A port: 0..65535, or -1 to disable. Consul treats 0 as disabled too. */
    static long checkPort(Object v) {
        long n = checkWholeNumber(v, "a port number from 1 to 65535, or -1 to disable");
        if (n < -1 || n > 65535) {
            throw new IllegalArgumentException("expected a port number from 1 to 65535, or -1 to disable, got " + n);
        }
        return n;
    }

    static long checkWholeNumber(Object v, String expected) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return d.longValue();
        }
        throw new IllegalArgumentException("expected " + expected + ", got " + describe(v));
    }

    /** The form of a Go {@code strconv.ParseBool}, which Consul's boolean flags use. */
    static Boolean parseGoBool(String s) {
        return switch (s) {
            case "1", "t", "T", "true", "TRUE", "True" -> Boolean.TRUE;
            case "0", "f", "F", "false", "FALSE", "False" -> Boolean.FALSE;
            default -> null;
        };
    }
}
