package io.muster.cli.exec;

/**
 * One thing an agent wrote under the job's directory, classified by its key as Consul's CLI does:
 * {@code <node>/ack}, {@code <node>/exit} (the exit code), {@code <node>/out/NNNNN} (output; empty = heartbeat).
 */
record ExecReport(Kind kind, String node, String text, int code) {
    /** In the order a batch of new keys is printed: acks, then output, then exit codes. */
    enum Kind { ACK, HEARTBEAT, OUTPUT, EXIT, ERROR, UNKNOWN }

    /** The report for {@code key} (relative to the job directory) holding {@code value}; null for the job spec. */
    static ExecReport of(String key, String value) {
        if (key.equals("job")) {
            return null;
        }
        if (key.endsWith("/ack")) {
            return new ExecReport(Kind.ACK, key.substring(0, key.length() - "/ack".length()), "", 0);
        }
        if (key.endsWith("/exit")) {
            String node = key.substring(0, key.length() - "/exit".length());
            try {
                return new ExecReport(Kind.EXIT, node, "", Integer.parseInt(value.strip()));
            } catch (NumberFormatException e) {
                return new ExecReport(Kind.UNKNOWN, node, "Failed to parse exit code '" + value + "': "
                        + e.getMessage(), 0);
            }
        }
        int divider = key.lastIndexOf("/out/");
        if (divider >= 0) {
            String node = key.substring(0, divider);
            return value.isEmpty() ? new ExecReport(Kind.HEARTBEAT, node, "", 0)
                    : new ExecReport(Kind.OUTPUT, node, value, 0);
        }
        return new ExecReport(Kind.UNKNOWN, "", "Unknown key '" + key + "', ignoring.", 0);
    }

    static ExecReport error(String message) {
        return new ExecReport(Kind.ERROR, "", message, 0);
    }

    /** Consul's TargetedUI.Info: every line as "==> node: line". */
    static String info(String node, String message) {
        return prefixLines("==>", node, message);
    }

    /** Consul's TargetedUI.Output: every line as "    node: line", trailing whitespace trimmed. */
    static String output(String node, String message) {
        return prefixLines("   ", node, message);
    }

    private static String prefixLines(String arrow, String node, String message) {
        StringBuilder sb = new StringBuilder();
        for (String line : message.split("\n", -1)) {
            sb.append(arrow).append(' ').append(node).append(": ").append(line).append('\n');
        }
        int end = sb.length();
        while (end > 0 && Character.isWhitespace(sb.charAt(end - 1))) {
            end--;
        }
        return sb.substring(0, end);
    }
}
