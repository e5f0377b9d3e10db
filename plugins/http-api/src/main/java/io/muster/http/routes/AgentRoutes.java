package io.muster.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.http.filter.Filter;
import io.muster.http.json.ConsulJson;
import io.muster.http.metrics.MetricsReport;
import io.muster.http.server.ApiRequest;
import io.muster.http.server.ApiResponse;
import io.muster.http.server.HashBlocking;
import io.muster.http.server.HttpError;
import io.muster.http.server.Json;
import io.muster.http.server.JsonFields;
import io.muster.http.server.Router;
import io.muster.spi.LogStream;
import io.muster.spi.api.AgentApi;
import io.muster.spi.api.AgentSelf;
import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Service;
import io.muster.spi.model.ServiceDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code /v1/agent/*}: the local agent's services, checks, membership, lifecycle and introspection. */
public final class AgentRoutes {
    private final AgentApi agent;
    private final ApiSettings settings;

    private AgentRoutes(AgentApi agent, ApiSettings settings) {
        this.agent = agent;
        this.settings = settings;
    }

    public static void register(Router router, AgentApi agent, LogStream logs, ApiSettings settings,
                                HashBlocking hashBlocking) {
        AgentRoutes r = new AgentRoutes(agent, settings);
        MetricsReport metrics = MetricsReport.withRuntimeGauges(router.telemetry().metrics());
        router.get("/v1/agent/self", req -> Replies.now(r.self()));
        router.get("/v1/agent/members", req -> {
            Filter filter = req.filter();
            ArrayNode members = Json.array();
            agent.members(req.boolParam("wan")).forEach(m -> members.add(ConsulJson.member(m)));
            return Replies.now(ApiRequest.filtered(filter, members));
        });
        router.get("/v1/agent/host", req -> Replies.now(HostInfo.collect()));
        router.get("/v1/agent/version", req -> Replies.now(r.version()));
        router.get("/v1/agent/metrics", req -> Replies.now("prometheus".equals(req.param("format"))
                ? ApiResponse.bytes(200, metrics.prometheus(), MetricsReport.PROMETHEUS_CONTENT_TYPE)
                : ApiResponse.json(metrics.json())));
        router.get("/v1/agent/monitor", req -> Replies.now(monitor(req, logs)));
        router.put("/v1/agent/join/", req -> {
            String address = Replies.required(req.suffix(), "Missing address to join");
            return agent.join(List.of(address), req.boolParam("wan")).thenApply(n -> ApiResponse.empty());
        });
        router.put("/v1/agent/leave", req -> agent.leave().thenApply(v -> ApiResponse.empty()));
        router.put("/v1/agent/force-leave/", req -> {
            String node = Replies.required(req.suffix(), "Missing node name to force-leave");
            return agent.forceLeave(node, req.boolParam("prune")).thenApply(v -> ApiResponse.empty());
        });
        router.put("/v1/agent/reload", req -> agent.reload().thenApply(warnings -> ApiResponse.empty()));
        router.put("/v1/agent/maintenance", req -> {
            boolean enable = enableParam(req);
            if (enable) {
                agent.enableNodeMaintenance(reason(req));
            } else {
                agent.disableNodeMaintenance();
            }
            return Replies.now(ApiResponse.empty());
        });
        router.get("/v1/agent/services", req -> {
            Filter filter = req.filter();
            ObjectNode services = Json.object();
            new TreeMap<>(agent.services()).forEach((id, s) -> services.set(id, ConsulJson.agentService(s,
                    settings.datacenter())));
            return Replies.now(ApiRequest.filtered(filter, services));
        });
        // Consul's one hash-blocking agent read: ?hash parks until the service's content hash moves.
        router.get("/v1/agent/service/", req -> {
            String id = Replies.required(req.suffix(), "Missing service ID");
            var options = req.queryOptions();
            return hashBlocking.await(req.param("hash"), options.maxWait(), agent::watchLocalState, () -> r.serviceRead(id));
        });
        router.put("/v1/agent/service/register", req -> {
            Map<String, Object> body = Json.readObjectAsMap(req.body(), "structs.ServiceDefinition");
            ServiceDefinition definition = agent.decodeService(body);
            agent.registerService(definition, req.boolParam("replace-existing-checks"), false);
            return Replies.now(ApiResponse.empty());
        });
        router.put("/v1/agent/service/deregister/", req -> {
            String id = Replies.required(req.suffix(), "Missing service ID");
            if (!agent.deregisterService(id)) {
                throw HttpError.notFound("Unknown service ID " + ApiRequest.quoteGo(id)
                        + ". Ensure that the service ID is passed, not the service name.");
            }
            return Replies.now(ApiResponse.empty());
        });
        router.put("/v1/agent/service/maintenance/", req -> {
            String id = Replies.required(req.suffix(), "Missing service ID");
            boolean enable = enableParam(req);
            boolean known = enable ? agent.enableServiceMaintenance(id, reason(req)) : agent.disableServiceMaintenance(id);
            if (!known) {
                throw HttpError.notFound("Unknown service ID " + ApiRequest.quoteGo(id));
            }
            return Replies.now(ApiResponse.empty());
        });
        router.get("/v1/agent/checks", req -> {
            Filter filter = req.filter();
            ObjectNode checks = Json.object();
            new TreeMap<>(agent.checks()).forEach((id, c) -> checks.set(id, ConsulJson.healthCheck(c)));
            return Replies.now(ApiRequest.filtered(filter, checks));
        });
        router.put("/v1/agent/check/register", req -> {
            Map<String, Object> body = Json.readObjectAsMap(req.body(), "structs.CheckDefinition");
            CheckDefinition definition = agent.decodeCheck(body);
            agent.registerCheck(definition, false);
            return Replies.now(ApiResponse.empty());
        });
        router.put("/v1/agent/check/deregister/", req -> {
            String id = Replies.required(req.suffix(), "Missing check ID");
            if (!agent.deregisterCheck(id)) {
                throw HttpError.notFound("Unknown check ID " + ApiRequest.quoteGo(id)
                        + ". Ensure that the check ID is passed, not the check name.");
            }
            return Replies.now(ApiResponse.empty());
        });
        for (HealthStatus status : HealthStatus.values()) {
            String verb = status == HealthStatus.PASSING ? "pass" : status == HealthStatus.WARNING ? "warn" : "fail";
            router.add("/v1/agent/check/" + verb + "/", Set.of("PUT"), req -> {
                String id = Replies.required(req.suffix(), "Missing check ID");
                String note = req.param("note");
                agent.updateTtlCheck(id, status, note == null ? "" : note);
                return Replies.now(ApiResponse.empty());
            });
        }
        router.put("/v1/agent/check/update/", req -> {
            String id = Replies.required(req.suffix(), "Missing check ID");
            JsonFields update = JsonFields.of(req.jsonBody(), "checkUpdate");
            String statusText = update.string("Status", "");
            HealthStatus status;
            try {
                status = HealthStatus.parse(statusText);
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("Invalid check status: '" + statusText + "'");
            }
            agent.updateTtlCheck(id, status, update.string("Output", ""));
            return Replies.now(ApiResponse.empty());
        });
        router.get("/v1/agent/health/service/name/", req -> Replies.now(r.healthByName(req)));
        router.get("/v1/agent/health/service/id/", req -> Replies.now(r.healthById(req)));
        // ACL tokens: Muster has no ACL system yet; accept the update like an agent with ACLs disabled.
        router.put("/v1/agent/token/", req -> {
            Replies.required(req.suffix(), "Missing token type");
            if (req.body().length > 0) {
                JsonFields.of(req.jsonBody(), "api.AgentToken").string("Token");
            }
            return Replies.now(ApiResponse.empty());
        });
    }

    /** The service with its ContentHash (a hash of the rest of its JSON), or Consul's 404 at once. */
    private HashBlocking.Read serviceRead(String id) {
        var service = agent.service(id);
        if (service.isEmpty()) {
            return new HashBlocking.Read(null, ApiResponse.text(404, "unknown service ID: " + id));
        }
        ObjectNode json = ConsulJson.agentService(service.get(), settings.datacenter());
        String hash = HashBlocking.contentHash(Json.write(json, false));
        json.put("ContentHash", hash);
        return new HashBlocking.Read(hash, ApiResponse.json(json));
    }

    private static boolean enableParam(ApiRequest req) {
        String raw = req.param("enable");
        if (raw == null || raw.isEmpty()) {
            throw HttpError.badRequest("Missing value for enable");
        }
        switch (raw) {
            case "1": case "t": case "T": case "true": case "TRUE": case "True": return true;
            case "0": case "f": case "F": case "false": case "FALSE": case "False": return false;
            default: throw HttpError.badRequest("Invalid value for enable: " + ApiRequest.quoteGo(raw));
        }
    }

    private static String reason(ApiRequest req) {
        String reason = req.param("reason");
        return reason == null ? "" : reason;
    }

    private JsonNode self() {
        AgentSelf self = agent.self();
        ObjectNode out = Json.object();
        out.set("Config", ConsulJson.plainTree(self.config()));
        out.set("DebugConfig", ConsulJson.plainTree(self.debugConfig()));
        out.set("Coord", NullNode.getInstance());
        out.set("Member", self.member() == null ? NullNode.getInstance() : ConsulJson.member(self.member()));
        out.set("Stats", ConsulJson.plainTree(self.stats()));
        out.set("Meta", ConsulJson.stringMap(self.meta()));
        ArrayNode plugins = Json.array();
        self.plugins().forEach(p -> {
            ObjectNode plugin = plugins.addObject();
            plugin.put("ID", p.id());
            plugin.put("Version", p.version());
            plugin.put("State", p.state());
            plugin.set("Extensions", ConsulJson.strings(p.extensions()));
        });
        out.set("Plugins", plugins);
        return out;
    }

    private JsonNode version() {
        Map<String, Object> config = agent.self().config();
        String version = String.valueOf(config.getOrDefault("Version", ""));
        ObjectNode out = Json.object();
        out.put("SHA", String.valueOf(config.getOrDefault("Revision", "")));
        out.put("BuildDate", String.valueOf(config.getOrDefault("BuildDate", "")));
        out.put("Version", version);
        out.put("Prerelease", "");
        out.put("FIPS", "");
        out.put("HumanVersion", version);
        return out;
    }

    private static ApiResponse monitor(ApiRequest req, LogStream logs) {
        String level = req.param("loglevel");
        level = level == null || level.isEmpty() ? "info" : level.toLowerCase(Locale.ROOT);
        switch (level) {
            case "trace": case "debug": case "info": case "warn": case "error": break;
            default: throw HttpError.badRequest("Unknown log level: " + req.param("loglevel"));
        }
        String chosen = level;
        return ApiResponse.lines("text/plain; charset=utf-8", sink -> logs.subscribe(chosen, sink));
    }

    private ApiResponse healthByName(ApiRequest req) {
        String name = Replies.required(req.suffix(), "Missing service name");
        boolean text = "text".equals(req.param("format"));
        List<Service> services = new ArrayList<>();
        new TreeMap<>(agent.services()).values().forEach(s -> {
            if (s.service().equals(name)) {
                services.add(s);
            }
        });
        if (services.isEmpty()) {
            String message = "ServiceName " + name + " Not Found";
            return text ? ApiResponse.text(404, message) : ApiResponse.json(404, Json.array());
        }
        HealthStatus worst = HealthStatus.PASSING;
        ArrayNode rows = Json.array();
        for (Service s : services) {
            HealthStatus status = aggregate(s.id());
            worst = HealthStatus.worst(worst, status);
            rows.add(healthRow(s, status));
        }
        int code = statusCode(worst);
        return text ? ApiResponse.text(code, worst.wire()) : ApiResponse.json(code, rows);
    }

    private ApiResponse healthById(ApiRequest req) {
        String id = Replies.required(req.suffix(), "Missing serviceID");
        boolean text = "text".equals(req.param("format"));
        var service = agent.service(id);
        if (service.isEmpty()) {
            String message = "ServiceId " + id + " not found";
            return text ? ApiResponse.text(404, message) : ApiResponse.json(404, NullNode.getInstance());
        }
        HealthStatus status = aggregate(id);
        int code = statusCode(status);
        return text ? ApiResponse.text(code, status.wire()) : ApiResponse.json(code, healthRow(service.get(), status));
    }

    private ObjectNode healthRow(Service s, HealthStatus status) {
        ObjectNode row = Json.object();
        row.put("AggregatedStatus", status.wire());
        row.set("Service", ConsulJson.agentService(s, settings.datacenter()));
        ArrayNode checks = row.putArray("Checks");
        checksOf(s.id()).forEach(c -> checks.add(ConsulJson.healthCheck(c)));
        return row;
    }

    private List<HealthCheck> checksOf(String serviceId) {
        List<HealthCheck> out = new ArrayList<>();
        new TreeMap<>(agent.checks()).values().forEach(c -> {
            if (c.serviceId().equals(serviceId)) {
                out.add(c);
            }
        });
        return out;
    }

    private HealthStatus aggregate(String serviceId) {
        HealthStatus worst = HealthStatus.PASSING;
        for (HealthCheck c : checksOf(serviceId)) {
            worst = HealthStatus.worst(worst, c.status());
        }
        return worst;
    }

    /** Consul's /v1/agent/health codes: passing 200, warning 429, critical 503. */
    private static int statusCode(HealthStatus status) {
        switch (status) {
            case PASSING: return 200;
            case WARNING: return 429;
            default: return 503;
        }
    }
}
