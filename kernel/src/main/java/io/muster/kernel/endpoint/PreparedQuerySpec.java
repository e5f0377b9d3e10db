package io.muster.kernel.endpoint;

import io.muster.kernel.config.GoDuration;
import io.muster.spi.api.ApiException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A prepared query's definition in its canonical form: Consul's {@code Template}, {@code Service} (with
 * {@code Failover}) and {@code DNS} objects with every field present, decoded case-insensitively from a request
 * body and validated with Consul's texts. Also renders {@code name_prefix_match} templates.
 */
record PreparedQuerySpec(String name, String session, String token, String templateType, String templateRegexp,
                         boolean removeEmptyTags, String service, int nearestN, List<String> failoverDatacenters,
                         List<String> ignoreCheckIds, boolean onlyPassing, String near, List<String> tags,
                         Map<String, String> nodeMeta, Map<String, String> serviceMeta, boolean connect,
                         String dnsTtl) {
    static final String NAME_PREFIX_MATCH = "name_prefix_match";
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{\\s*([^}]*?)\\s*}");
    private static final Pattern MATCH_CALL = Pattern.compile("match\\(\\s*(\\d+)\\s*\\)");

    /** Decodes a request body; fails with Consul's "Invalid prepared query: ..." text. */
    static PreparedQuerySpec decode(Map<String, Object> body) {
        Map<String, Object> template = object(body, "Template");
        Map<String, Object> service = object(body, "Service");
        Map<String, Object> failover = object(service, "Failover");
        Map<String, Object> dns = object(body, "DNS");
        PreparedQuerySpec spec = new PreparedQuerySpec(string(body, "Name"), string(body, "Session"),
                string(body, "Token"), string(template, "Type"), string(template, "Regexp"),
                bool(template, "RemoveEmptyTags"), string(service, "Service"), integer(failover, "NearestN"),
                strings(failover, "Datacenters"), strings(service, "IgnoreCheckIDs"), bool(service, "OnlyPassing"),
                string(service, "Near"), strings(service, "Tags"), stringMap(service, "NodeMeta"),
                stringMap(service, "ServiceMeta"), bool(service, "Connect"), string(dns, "TTL"));
        spec.validate();
        return spec;
    }

    /** From a stored definition (as {@link #definition()} wrote it). */
    static PreparedQuerySpec fromStored(String name, String session, String token, Map<String, Object> definition) {
        Map<String, Object> body = new LinkedHashMap<>(definition);
        body.put("Name", name);
        body.put("Session", session);
        body.put("Token", token);
        Map<String, Object> template = object(body, "Template");
        Map<String, Object> service = object(body, "Service");
        Map<String, Object> failover = object(service, "Failover");
        Map<String, Object> dns = object(body, "DNS");
        return new PreparedQuerySpec(name, session, token, string(template, "Type"), string(template, "Regexp"),
                bool(template, "RemoveEmptyTags"), string(service, "Service"), integer(failover, "NearestN"),
                strings(failover, "Datacenters"), strings(service, "IgnoreCheckIDs"), bool(service, "OnlyPassing"),
                string(service, "Near"), strings(service, "Tags"), stringMap(service, "NodeMeta"),
                stringMap(service, "ServiceMeta"), bool(service, "Connect"), string(dns, "TTL"));
    }

    private void validate() {
        if (!templateType.isEmpty()) {
            if (!templateType.equals(NAME_PREFIX_MATCH)) {
                throw invalid("Bad Template.Type '" + templateType + "'");
            }
            if (!templateRegexp.isEmpty()) {
                try {
                    Pattern.compile(templateRegexp);
                } catch (PatternSyntaxException e) {
                    throw invalid("Bad Regexp: " + e.getDescription());
                }
            }
        }
        if (service.isEmpty()) {
            throw invalid("Must provide a Service name to query");
        }
        if (nearestN < 0) {
            throw invalid("Bad NearestN '" + nearestN + "', must be >= 0");
        }
        if (!dnsTtl.isEmpty()) {
            Duration ttl;
            try {
                ttl = GoDuration.parse(dnsTtl);
            } catch (IllegalArgumentException e) {
                throw invalid("Bad DNS TTL '" + dnsTtl + "': " + e.getMessage());
            }
            if (ttl.isNegative()) {
                throw invalid("Bad DNS TTL '" + dnsTtl + "', must be >=0");
            }
        }
    }

    private static ApiException invalid(String reason) {
        return new ApiException(ApiException.Kind.INTERNAL, "Invalid prepared query: " + reason);
    }

    boolean isTemplate() {
        return !templateType.isEmpty();
    }

    Duration dnsTtlDuration() {
        return dnsTtl.isEmpty() ? null : GoDuration.parse(dnsTtl);
    }

    /** The stored definition: Consul's objects with every field, in Consul's field order. */
    Map<String, Object> definition() {
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("Type", templateType);
        template.put("Regexp", templateRegexp);
        template.put("RemoveEmptyTags", removeEmptyTags);
        Map<String, Object> failover = new LinkedHashMap<>();
        failover.put("NearestN", nearestN);
        failover.put("Datacenters", failoverDatacenters);
        Map<String, Object> svc = new LinkedHashMap<>();
        svc.put("Service", service);
        svc.put("Failover", failover);
        svc.put("IgnoreCheckIDs", ignoreCheckIds);
        svc.put("OnlyPassing", onlyPassing);
        svc.put("Near", near);
        svc.put("Tags", tags);
        svc.put("NodeMeta", nodeMeta);
        svc.put("ServiceMeta", serviceMeta);
        svc.put("Connect", connect);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Template", template);
        out.put("Service", svc);
        out.put("DNS", Map.of("TTL", dnsTtl));
        return out;
    }

    /**
     * Renders a template for the name it was looked up by: {@code ${name.full}}, {@code ${name.prefix}},
     * {@code ${name.suffix}}, {@code ${match(N)}} (groups of Regexp applied to the full name) and
     * {@code ${agent.segment}} in every string field; with RemoveEmptyTags, tags that rendered empty are dropped.
     */
    PreparedQuerySpec render(String fullName) {
        if (!isTemplate()) {
            return this;
        }
        String suffix = fullName.startsWith(name) ? fullName.substring(name.length()) : "";
        List<String> groups = new ArrayList<>();
        if (!templateRegexp.isEmpty()) {
            Matcher m = Pattern.compile(templateRegexp).matcher(fullName);
            if (m.find()) {
                for (int i = 0; i <= m.groupCount(); i++) {
                    groups.add(m.group(i) == null ? "" : m.group(i));
                }
            }
        }
        java.util.function.UnaryOperator<String> r = s -> interpolate(s, fullName, suffix, groups);
        List<String> renderedTags = new ArrayList<>();
        for (String tag : tags) {
            String t = r.apply(tag);
            if (!(removeEmptyTags && t.isEmpty())) {
                renderedTags.add(t);
            }
        }
        Map<String, String> nm = new LinkedHashMap<>();
        nodeMeta.forEach((k, v) -> nm.put(r.apply(k), r.apply(v)));
        Map<String, String> sm = new LinkedHashMap<>();
        serviceMeta.forEach((k, v) -> sm.put(r.apply(k), r.apply(v)));
        return new PreparedQuerySpec(name, session, token, templateType, templateRegexp, removeEmptyTags,
                r.apply(service), nearestN, failoverDatacenters.stream().map(r).toList(),
                ignoreCheckIds.stream().map(r).toList(), onlyPassing, r.apply(near), renderedTags, nm, sm, connect,
                r.apply(dnsTtl));
    }

    private String interpolate(String s, String full, String suffix, List<String> groups) {
        Matcher m = INTERPOLATION.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String expr = m.group(1);
            String value;
            Matcher call = MATCH_CALL.matcher(expr);
            if (expr.equals("name.full")) {
                value = full;
            } else if (expr.equals("name.prefix")) {
                value = name;
            } else if (expr.equals("name.suffix")) {
                value = suffix;
            } else if (expr.equals("agent.segment")) {
                value = "";
            } else if (call.matches()) {
                int n = Integer.parseInt(call.group(1));
                value = n < groups.size() ? groups.get(n) : "";
            } else {
                throw new ApiException(ApiException.Kind.INTERNAL, "Failed to render query template: unknown "
                        + "variable or function '" + expr + "' in \"" + s + "\"");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    // case-insensitive field access, as Go's JSON decoding matches struct fields

    private static Object field(Map<String, Object> json, String name) {
        if (json == null) {
            return null;
        }
        Object exact = json.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, Object> e : json.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> json, String name) {
        Object v = field(json, name);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw typeError(name, v, "object");
    }

    private static String string(Map<String, Object> json, String name) {
        Object v = field(json, name);
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        throw typeError(name, v, "string");
    }

    private static boolean bool(Map<String, Object> json, String name) {
        Object v = field(json, name);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw typeError(name, v, "bool");
    }

    private static int integer(Map<String, Object> json, String name) {
        Object v = field(json, name);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw typeError(name, v, "int");
    }

    private static List<String> strings(Map<String, Object> json, String name) {
        Object v = field(json, name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw typeError(name, item, "string");
                }
                out.add(s);
            }
            return List.copyOf(out);
        }
        throw typeError(name, v, "[]string");
    }

    private static Map<String, String> stringMap(Map<String, Object> json, String name) {
        Object v = field(json, name);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getValue() instanceof String s)) {
                    throw typeError(name + "." + e.getKey(), e.getValue(), "string");
                }
                out.put(String.valueOf(e.getKey()), s);
            }
            return java.util.Collections.unmodifiableMap(out);
        }
        throw typeError(name, v, "map[string]string");
    }

    private static ApiException typeError(String field, Object value, String goType) {
        String kind = value instanceof String ? "string" : value instanceof Boolean ? "bool"
                : value instanceof Number ? "number" : value instanceof List ? "array"
                : value instanceof Map ? "object" : String.valueOf(value).toLowerCase(Locale.ROOT);
        return ApiException.badRequest("Request decode failed: json: cannot unmarshal " + kind
                + " into Go struct field " + field + " of type " + goType);
    }
}
