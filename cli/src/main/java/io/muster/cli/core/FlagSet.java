package io.muster.cli.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line flags parsed the way Go's flag package parses Consul's: one or two leading dashes, a value after
 * {@code =} or as the next argument (never for booleans, which take {@code -f=false}), and parsing stops at the
 * first argument that is not a flag, at a lone {@code -}, or after {@code --}.
 */
public final class FlagSet {
    private final Map<String, Flag<?>> flags = new LinkedHashMap<>();
    private String section = "Command Options";

    /** A flag's current value and whether the command line set it. */
    public static final class Flag<T> {
        final String name;
        final String placeholder;
        final String usage;
        final String section;
        final Kind kind;
        T value;
        boolean set;

        Flag(String name, String placeholder, String usage, String section, Kind kind, T initial) {
            this.name = name;
            this.placeholder = placeholder;
            this.usage = usage;
            this.section = section;
            this.kind = kind;
            this.value = initial;
        }

        public T get() {
            return value;
        }

        public boolean isSet() {
            return set;
        }
    }

    /** Value kinds; a switch rather than lambdas keeps start-up free of invokedynamic bootstraps. */
    enum Kind { BOOL, STRING, INT, DURATION, LIST }

    /** Flags registered after this call are listed under {@code title} in the usage text. */
    public FlagSet section(String title) {
        this.section = title;
        return this;
    }

    public Flag<Boolean> bool(String name, String usage) {
        return add(new Flag<>(name, null, usage, section, Kind.BOOL, Boolean.FALSE));
    }

    public Flag<Boolean> bool(String name, boolean initial, String usage) {
        return add(new Flag<>(name, null, usage, section, Kind.BOOL, initial));
    }

    public Flag<String> string(String name, String initial, String usage) {
        return add(new Flag<>(name, "<value>", usage, section, Kind.STRING, initial));
    }

    public Flag<String> string(String name, String initial, String placeholder, String usage) {
        return add(new Flag<>(name, placeholder, usage, section, Kind.STRING, initial));
    }

    public Flag<Long> integer(String name, long initial, String usage) {
        return add(new Flag<>(name, "<int>", usage, section, Kind.INT, initial));
    }

    public Flag<Duration> duration(String name, Duration initial, String usage) {
        return add(new Flag<>(name, "<duration>", usage, section, Kind.DURATION, initial));
    }

    /** A flag that may be given several times; each occurrence adds one value. */
    public Flag<List<String>> list(String name, String placeholder, String usage) {
        return add(new Flag<>(name, placeholder, usage, section, Kind.LIST, List.of()));
    }

    private <T> Flag<T> add(Flag<T> flag) {
        flags.put(flag.name, flag);
        return flag;
    }

    /** Parses flags and returns the remaining positional arguments. */
    public List<String> parse(List<String> args) throws UsageException {
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                break;
            }
            i++;
            if (arg.equals("--")) {
                break;
            }
            String body = arg.charAt(1) == '-' ? arg.substring(2) : arg.substring(1);
            if (body.isEmpty() || body.charAt(0) == '-' || body.charAt(0) == '=') {
                throw new UsageException("bad flag syntax: " + arg);
            }
            String name = body;
            String value = null;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                name = body.substring(0, eq);
                value = body.substring(eq + 1);
            }
            Flag<?> flag = flags.get(name);
            if (flag == null) {
                if (name.equals("h") || name.equals("help")) {
                    throw UsageException.help();
                }
                throw new UsageException("flag provided but not defined: -" + name);
            }
            boolean isBool = flag.placeholder == null;
            if (value == null) {
                if (isBool) {
                    value = "true";
                } else if (i < args.size()) {
                    value = args.get(i++);
                } else {
                    throw new UsageException("flag needs an argument: -" + name);
                }
            }
            set(flag, value);
        }
        return List.copyOf(args.subList(i, args.size()));
    }

    private <T> void set(Flag<T> flag, String raw) throws UsageException {
        try {
            flag.value = parseValue(flag, raw);
            flag.set = true;
        } catch (IllegalArgumentException e) {
            String kind = flag.placeholder == null ? "invalid boolean value" : "invalid value";
            throw new UsageException(kind + " \"" + raw + "\" for -" + flag.name + ": parse error");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T parseValue(Flag<T> flag, String raw) {
        switch (flag.kind) {
            case BOOL:
                return (T) parseBool(raw);
            case INT:
                return (T) Long.valueOf(raw);
            case DURATION:
                return (T) parseDuration(raw);
            case LIST:
                List<String> values = new ArrayList<>((List<String>) flag.value);
                values.add(raw);
                return (T) List.copyOf(values);
            default:
                return (T) raw;
        }
    }

    /** Consul's usage layout: the command's help text, then each section's flags with wrapped descriptions. */
    public String usage(String helpText) {
        StringBuilder sb = new StringBuilder(helpText.strip()).append('\n');
        String current = null;
        for (String wanted : sectionsInOrder()) {
            for (Flag<?> flag : flags.values()) {
                if (!flag.section.equals(wanted)) {
                    continue;
                }
                if (!wanted.equals(current)) {
                    sb.append('\n').append(wanted).append("\n\n");
                    current = wanted;
                } else {
                    sb.append('\n');
                }
                sb.append("  -").append(flag.name);
                if (flag.placeholder != null) {
                    sb.append('=').append(flag.placeholder);
                }
                sb.append('\n');
                wrap(sb, flag.usage);
            }
        }
        return sb.toString();
    }

    private List<String> sectionsInOrder() {
        List<String> order = new ArrayList<>();
        for (Flag<?> flag : flags.values()) {
            if (!order.contains(flag.section)) {
                order.add(flag.section);
            }
        }
        return order;
    }

    private static void wrap(StringBuilder sb, String text) {
        int column = 0;
        sb.append("     ");
        for (String word : text.split(" ")) {
            if (column > 0 && column + word.length() > 70) {
                sb.append("\n     ");
                column = 0;
            } else if (column > 0) {
                sb.append(' ');
                column++;
            }
            sb.append(word);
            column += word.length();
        }
        sb.append('\n');
    }

    static Boolean parseBool(String raw) {
        switch (raw) {
            case "1", "t", "T", "true", "TRUE", "True":
                return Boolean.TRUE;
            case "0", "f", "F", "false", "FALSE", "False":
                return Boolean.FALSE;
            default:
                throw new IllegalArgumentException(raw);
        }
    }

    /** Go's time.ParseDuration: a sequence of decimal numbers with units ns, us, ms, s, m, h; "0" alone. */
    public static Duration parseDuration(String raw) {
        String s = raw.trim();
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        double nanos = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("invalid duration " + raw);
            }
            double number = Double.parseDouble(s.substring(start, i));
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            nanos += number * unitNanos(s.substring(unitStart, i), raw);
        }
        long total = (long) nanos;
        return Duration.ofNanos(negative ? -total : total);
    }

    private static double unitNanos(String unit, String raw) {
        switch (unit) {
            case "ns":
                return 1;
            case "us", "µs", "μs":
                return 1e3;
            case "ms":
                return 1e6;
            case "s":
                return 1e9;
            case "m":
                return 60e9;
            case "h":
                return 3600e9;
            default:
                throw new IllegalArgumentException("missing or unknown unit in duration " + raw);
        }
    }
}
