package io.muster.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.http.server.ApiRequest;
import io.muster.http.server.ApiResponse;
import io.muster.http.server.GoDuration;
import io.muster.http.server.HttpError;
import io.muster.http.server.Json;
import io.muster.http.server.JsonFields;
import io.muster.http.server.Router;
import io.muster.spi.api.AutopilotHealth;
import io.muster.spi.api.Endpoints;
import io.muster.spi.membership.KeyringResponse;
import io.muster.spi.model.AutopilotConfig;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/** {@code /v1/operator/raft/*}, {@code /v1/operator/autopilot/*} and {@code /v1/operator/keyring}. */
public final class OperatorRoutes {
    private OperatorRoutes() {
    }

    public static void register(Router router, Endpoints endpoints) {
        router.get("/v1/operator/raft/configuration", req -> endpoints.operator()
                .raftConfiguration(req.queryOptions()).thenApply(config -> {
                    ObjectNode out = Json.object();
                    ArrayNode servers = out.putArray("Servers");
                    config.servers().forEach(s -> {
                        ObjectNode row = servers.addObject();
                        row.put("ID", s.id());
                        row.put("Node", s.node());
                        row.put("Address", s.address());
                        row.put("Leader", s.leader());
                        row.put("ProtocolVersion", s.protocolVersion());
                        row.put("Voter", s.voter());
                    });
                    out.put("Index", config.index());
                    return ApiResponse.json(out);
                }));
        router.add("/v1/operator/raft/peer", Set.of("DELETE"), req -> {
            String id = req.param("id");
            String address = req.param("address");
            boolean hasId = id != null && !id.isEmpty();
            boolean hasAddress = address != null && !address.isEmpty();
            if (!hasId && !hasAddress) {
                throw HttpError.badRequest(
                        "Must specify either ?id with the server's ID or ?address with IP:port of server to remove");
            }
            if (hasId && hasAddress) {
                throw HttpError.badRequest("Must specify only one of ?id or ?address");
            }
            return endpoints.operator().raftRemovePeer(id, address, req.writeOptions())
                    .thenApply(v -> ApiResponse.empty());
        });
        router.add("/v1/operator/autopilot/configuration", Set.of("GET", "PUT"), req -> {
            if (req.method().equals("GET")) {
                return endpoints.operator().autopilotConfiguration(req.queryOptions())
                        .thenApply(c -> ApiResponse.json(autopilotConfig(c)));
            }
            AutopilotConfig config = decodeAutopilot(req.jsonBody());
            Long cas = req.has("cas") ? req.unsignedParam("cas", 0) : null;
            return endpoints.operator().setAutopilotConfiguration(config, cas, req.writeOptions())
                    .thenApply(ok -> ApiResponse.json(Replies.bool(ok)));
        });
        router.get("/v1/operator/autopilot/health", req -> endpoints.operator().autopilotHealth(req.queryOptions())
                .thenApply(health -> {
                    ObjectNode out = Json.object();
                    out.put("Healthy", health.healthy());
                    out.put("FailureTolerance", health.failureTolerance());
                    ArrayNode servers = out.putArray("Servers");
                    health.servers().forEach(s -> servers.add(serverHealth(s)));
                    // Consul answers 429 when the cluster is unhealthy, so load balancers can probe it.
                    return ApiResponse.json(health.healthy() ? 200 : 429, out);
                }));
        router.get("/v1/operator/autopilot/state", req -> endpoints.operator().autopilotState(req.queryOptions())
                .thenApply(state -> {
                    ObjectNode out = Json.object();
                    out.put("Healthy", state.healthy());
                    out.put("FailureTolerance", state.failureTolerance());
                    out.put("OptimisticFailureTolerance", state.optimisticFailureTolerance());
                    ObjectNode servers = out.putObject("Servers");
                    for (AutopilotHealth.Server s : state.servers()) {
                        ObjectNode row = servers.putObject(s.id());
                        row.put("ID", s.id());
                        row.put("Name", s.name());
                        row.put("Address", s.address());
                        row.put("NodeStatus", s.serfStatus());
                        row.put("Version", s.version());
                        row.put("LastContact", GoDuration.format(s.lastContact()));
                        row.put("LastTerm", s.lastTerm());
                        row.put("LastIndex", s.lastIndex());
                        row.put("Healthy", s.healthy());
                        row.put("StableSince", DateTimeFormatter.ISO_INSTANT.format(s.stableSince()));
                        row.put("ReadReplica", false);
                        row.put("Status", s.leader() ? "leader" : s.voter() ? "voter" : "non-voter");
                        row.set("Meta", Json.object().put("consul-network-segment", ""));
                        row.put("NodeType", "voter");
                    }
                    out.put("Leader", state.leader());
                    ArrayNode voters = out.putArray("Voters");
                    state.voters().forEach(voters::add);
                    out.putNull("ReadReplicas");
                    out.putObject("RedundancyZones");
                    out.putNull("Upgrade");
                    return ApiResponse.json(out);
                }));
        router.add("/v1/operator/keyring", Set.of("GET", "POST", "PUT", "DELETE"), req -> keyring(req, endpoints));
    }

    private static CompletionStage<ApiResponse> keyring(ApiRequest req, Endpoints endpoints) {
        if (req.has("relay-factor")) {
            long relay = req.unsignedParam("relay-factor", 0);
            if (relay > 5) {
                throw HttpError.badRequest("Error parsing relay factor: Relay factor must be in range: [0, 5]");
            }
        }
        if (req.method().equals("GET")) {
            return endpoints.operator().keyringList(req.boolParam("local-only"))
                    .thenApply(pools -> ApiResponse.json(keyringPools(pools)));
        }
        JsonFields body = JsonFields.of(req.jsonBody(), "structs.KeyringRequest");
        String key = body.string("Key");
        CompletionStage<List<KeyringResponse>> op = switch (req.method()) {
            case "POST" -> endpoints.operator().keyringInstall(key);
            case "PUT" -> endpoints.operator().keyringUse(key);
            default -> endpoints.operator().keyringRemove(key);
        };
        return op.thenApply(pools -> ApiResponse.empty());
    }

    static ArrayNode keyringPools(List<KeyringResponse> pools) {
        ArrayNode out = Json.array();
        for (KeyringResponse pool : pools) {
            ObjectNode row = out.addObject();
            row.put("WAN", pool.wan());
            row.put("Datacenter", pool.datacenter());
            row.put("Segment", "");
            row.put("Partition", "");
            row.set("Messages", counts(pool.messages()));
            row.set("Keys", counts(pool.keys()));
            row.set("PrimaryKeys", counts(pool.primaryKeys()));
            row.put("NumNodes", pool.numNodes());
        }
        return out;
    }

    private static ObjectNode counts(Map<String, ?> values) {
        ObjectNode out = Json.object();
        new TreeMap<>(values).forEach((k, v) -> {
            if (v instanceof Number n) {
                out.put(k, n.longValue());
            } else {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }

    static ObjectNode autopilotConfig(AutopilotConfig c) {
        ObjectNode out = Json.object();
        out.put("CleanupDeadServers", c.cleanupDeadServers());
        out.put("LastContactThreshold", GoDuration.format(c.lastContactThreshold()));
        out.put("MaxTrailingLogs", c.maxTrailingLogs());
        out.put("MinQuorum", c.minQuorum());
        out.put("ServerStabilizationTime", GoDuration.format(c.serverStabilizationTime()));
        out.put("RedundancyZoneTag", c.redundancyZoneTag());
        out.put("DisableUpgradeMigration", c.disableUpgradeMigration());
        out.put("UpgradeVersionTag", c.upgradeVersionTag());
        out.put("CreateIndex", c.createIndex());
        out.put("ModifyIndex", c.modifyIndex());
        return out;
    }

    /** Consul replaces the whole configuration: absent fields take their zero values. */
    static AutopilotConfig decodeAutopilot(JsonNode body) {
        if (!body.isObject()) {
            throw HttpError.badRequest("Error parsing autopilot config: json: cannot unmarshal "
                    + JsonFields.goKind(body) + " into Go value of type api.AutopilotConfiguration");
        }
        return new AutopilotConfig(bool(body, "CleanupDeadServers"), duration(body, "LastContactThreshold"),
                count(body, "MaxTrailingLogs"), count(body, "MinQuorum"), duration(body, "ServerStabilizationTime"),
                text(body, "RedundancyZoneTag"), bool(body, "DisableUpgradeMigration"), text(body, "UpgradeVersionTag"),
                0, 0);
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw parseError(field, v, "bool");
        }
        return v.booleanValue();
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw parseError(field, v, "string");
        }
        return v.textValue();
    }

    private static long count(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || v.longValue() < 0) {
            throw parseError(field, v, "uint64");
        }
        return v.longValue();
    }

    /** A Go duration string ("200ms") or a number of nanoseconds, as Consul's duration fixer accepts. */
    private static Duration duration(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return Duration.ZERO;
        }
        if (v.isIntegralNumber()) {
            return Duration.ofNanos(v.longValue());
        }
        if (v.isTextual()) {
            return GoDuration.parse(v.textValue()).orElseThrow(() -> HttpError.badRequest(
                    "Error parsing autopilot config: time: invalid duration " + ApiRequest.quoteGo(v.textValue())));
        }
        throw parseError(field, v, "time.Duration");
    }

    private static HttpError parseError(String field, JsonNode v, String goType) {
        return HttpError.badRequest("Error parsing autopilot config: json: cannot unmarshal " + JsonFields.goKind(v)
                + " into Go struct field AutopilotConfiguration." + field + " of type " + goType);
    }

    private static ObjectNode serverHealth(AutopilotHealth.Server s) {
        ObjectNode row = Json.object();
        row.put("ID", s.id());
        row.put("Name", s.name());
        row.put("Address", s.address());
        row.put("SerfStatus", s.serfStatus());
        row.put("Version", s.version());
        row.put("Leader", s.leader());
        row.put("LastContact", GoDuration.format(s.lastContact()));
        row.put("LastTerm", s.lastTerm());
        row.put("LastIndex", s.lastIndex());
        row.put("Healthy", s.healthy());
        row.put("Voter", s.voter());
        row.put("StableSince", DateTimeFormatter.ISO_INSTANT.format(s.stableSince()));
        return row;
    }
}
