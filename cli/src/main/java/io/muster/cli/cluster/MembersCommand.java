package io.muster.cli.cluster;

import io.muster.cli.core.ApiClient;
import io.muster.cli.core.ApiCommand;
import io.muster.cli.core.ApiException;
import io.muster.cli.core.CliException;
import io.muster.cli.core.Columns;
import io.muster.cli.core.FlagSet;
import io.muster.cli.core.Io;
import io.muster.cli.core.Json;
import io.muster.cli.core.UsageException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** `members`: GET /v1/agent/members, printed as Consul's table (command/members). */
public final class MembersCommand extends ApiCommand {
    private static final String[] STATUS = {"none", "alive", "leaving", "left", "failed"};

    private final FlagSet.Flag<Boolean> detailed = flags.bool("detailed",
            "Provides detailed information about nodes.");
    private final FlagSet.Flag<Boolean> wan = flags.bool("wan",
            "If the agent is in server mode, this can be used to return the other peers in the WAN pool.");
    private final FlagSet.Flag<String> status = flags.string("status", ".*", "<regexp>",
            "If provided, output is filtered to only nodes matching the regular expression for status.");
    private final FlagSet.Flag<String> segment = flags.string("segment", "",
            "(Enterprise-only) If provided, output is filtered to only nodes in the given segment.");
    private final FlagSet.Flag<String> filter = flags.string("filter", "",
            "Filter to use with the request");

    public MembersCommand() {
        super(false);
    }

    @Override
    public String synopsis() {
        return "Lists the members of a Consul cluster";
    }

    @Override
    protected String helpText() {
        return "Usage: muster members [options]\n\n"
                + "  Outputs the members of a running Consul agent.";
    }

    @Override
    protected int execute(List<String> args, Io io) throws CliException, UsageException {
        Pattern statusFilter = null;
        if (status.isSet()) {
            try {
                statusFilter = Pattern.compile(status.get());
            } catch (PatternSyntaxException e) {
                throw new UsageException("Failed to compile status regexp: " + e.getMessage());
            }
        }
        ApiClient client = client(io);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("segment", segment.get().isEmpty() ? "_all" : segment.get());
        if (wan.get()) {
            query.put("wan", "1");
        }
        if (!filter.get().isEmpty()) {
            query.put("filter", filter.get());
        }
        List<Map<String, Object>> members = new ArrayList<>();
        try {
            for (Object raw : Json.array(client.get("/v1/agent/members", query).json())) {
                Map<String, Object> member = normalized(Json.object(raw), segment.get().isEmpty());
                if (statusFilter == null || statusFilter.matcher(statusName(member)).find()) {
                    members.add(member);
                }
            }
        } catch (ApiException e) {
            throw new CliException("Error retrieving members: " + e.getMessage());
        }
        // Consul exits 2 when the filter leaves nothing to print.
        if (members.isEmpty()) {
            return 2;
        }
        members.sort(new MemberOrder());
        io.out().print(detailed.get() ? detailedTable(members) : standardTable(members));
        return 0;
    }

    private static String standardTable(List<Map<String, Object>> members) {
        Columns table = new Columns().row("Node", "Address", "Status", "Type", "Build", "Protocol", "DC",
                "Partition", "Segment");
        for (Map<String, Object> member : members) {
            Map<String, Object> tags = tags(member);
            String build = Json.string(tags.get("build"));
            int colon = build.indexOf(':');
            if (build.isEmpty()) {
                build = "< 0.3";
            } else if (colon >= 0) {
                build = build.substring(0, colon);
            }
            String role = Json.string(tags.get("role"));
            String segment = Json.string(tags.get("segment"));
            String type;
            if (role.equals("consul")) {
                type = "server";
            } else if (role.equals("node")) {
                type = "client";
            } else {
                table.row(Json.string(member.get("Name")), address(member), statusName(member), "unknown", "",
                        "", "", "", "");
                continue;
            }
            table.row(Json.string(member.get("Name")), address(member), statusName(member), type, build,
                    Json.string(tags.get("vsn")), Json.string(tags.get("dc")), partition(member), segment);
        }
        return table.format();
    }

    private static String detailedTable(List<Map<String, Object>> members) {
        Columns table = new Columns().row("Node", "Address", "Status", "Tags");
        for (Map<String, Object> member : members) {
            StringBuilder tags = new StringBuilder();
            for (Map.Entry<String, Object> tag : new TreeMap<>(tags(member)).entrySet()) {
                if (tags.length() > 0) {
                    tags.append(',');
                }
                tags.append(tag.getKey()).append('=').append(Json.string(tag.getValue()));
            }
            table.row(Json.string(member.get("Name")), address(member), statusName(member), tags.toString());
        }
        return table.format();
    }

    /**
     * Consul fills the tags it prints: partition "default" when absent, segment "<all>" for servers when all
     * segments were asked for, "<default>" otherwise; -detailed shows the filled tags too.
     */
    private static Map<String, Object> normalized(Map<String, Object> member, boolean allSegments) {
        Map<String, Object> tags = new LinkedHashMap<>(tags(member));
        if (Json.string(tags.get("ap")).isEmpty()) {
            tags.put("ap", "default");
        }
        if (tags.get("ap").equals("default")) {
            if (allSegments && Json.string(tags.get("role")).equals("consul")) {
                tags.put("segment", "<all>");
            } else if (Json.string(tags.get("segment")).isEmpty()) {
                tags.put("segment", "<default>");
            }
        } else {
            tags.put("segment", "");
        }
        Map<String, Object> copy = new LinkedHashMap<>(member);
        copy.put("Tags", tags);
        return copy;
    }

    private static Map<String, Object> tags(Map<String, Object> member) {
        return Json.object(member.get("Tags"));
    }

    private static String partition(Map<String, Object> member) {
        String partition = Json.string(tags(member).get("ap"));
        return partition.isEmpty() ? "default" : partition;
    }

    static String statusName(Map<String, Object> member) {
        Object status = member.get("Status");
        if (status instanceof Number n) {
            int code = n.intValue();
            return code >= 0 && code < STATUS.length ? STATUS[code] : "unknown";
        }
        return Json.string(status);
    }

    private static String address(Map<String, Object> member) {
        String addr = Json.string(member.get("Addr"));
        String port = Json.string(member.get("Port"));
        return (addr.indexOf(':') >= 0 ? "[" + addr + "]" : addr) + ":" + port;
    }

    /**
     * Consul's order: servers first, then the default partition, then by segment, partition and name. A class
     * rather than lambdas keeps start-up lean.
     */
    private static final class MemberOrder implements Comparator<Map<String, Object>> {
        @Override
        public int compare(Map<String, Object> a, Map<String, Object> b) {
            boolean serverA = Json.string(tags(a).get("role")).equals("consul");
            boolean serverB = Json.string(tags(b).get("role")).equals("consul");
            if (serverA != serverB) {
                return serverA ? -1 : 1;
            }
            boolean defaultA = partition(a).equals("default");
            boolean defaultB = partition(b).equals("default");
            if (defaultA != defaultB) {
                return defaultA ? -1 : 1;
            }
            int bySegment = Json.string(tags(a).get("segment")).compareTo(Json.string(tags(b).get("segment")));
            if (bySegment != 0) {
                return bySegment;
            }
            int byPartition = partition(a).compareTo(partition(b));
            return byPartition != 0 ? byPartition : Json.string(a.get("Name")).compareTo(Json.string(b.get("Name")));
        }
    }
}
