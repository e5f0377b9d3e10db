package io.muster.http.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.http.server.HttpError;
import io.muster.http.server.JsonFields;
import io.muster.spi.api.CatalogDeregistration;
import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.api.SessionRequest;
import io.muster.spi.api.TxnOp;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Node;
import io.muster.spi.model.Service;
import io.muster.spi.model.ServiceAddress;
import io.muster.spi.model.Weights;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Consul's request bodies decoded into the SPI's records, with Go's decode errors for wrong types. */
public final class ConsulRequests {
    /** Consul treats a numeric LockDelay below this as seconds rather than nanoseconds (api.SessionEntry). */
    private static final long LOCK_DELAY_SECONDS_THRESHOLD = 1000;

    private ConsulRequests() {
    }

    /** {@code PUT /v1/catalog/register} (structs.RegisterRequest). */
    public static CatalogRegistration catalogRegistration(JsonNode body) {
        JsonFields f = JsonFields.of(body, "RegisterRequest");
        String node = f.string("Node", "");
        List<HealthCheck> checks = new ArrayList<>();
        JsonFields single = f.object("Check", "HealthCheck");
        if (single.present()) {
            checks.add(healthCheck(single, node));
        }
        for (JsonNode c : f.array("Checks", "*structs.HealthCheck")) {
            checks.add(healthCheck(JsonFields.of(c, "HealthCheck"), node));
        }
        JsonFields service = f.object("Service", "NodeService");
        return new CatalogRegistration(f.string("ID", ""), node, f.string("Address", ""), f.string("Datacenter"),
                f.stringMap("TaggedAddresses"), f.stringMap("NodeMeta"),
                service.present() ? service(service) : null, checks, f.bool("SkipNodeUpdate", false));
    }

    public static CatalogDeregistration catalogDeregistration(JsonNode body) {
        JsonFields f = JsonFields.of(body, "DeregisterRequest");
        return new CatalogDeregistration(f.string("Node", ""), f.string("Datacenter"),
                emptyToNull(f.string("ServiceID")), emptyToNull(f.string("CheckID")));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** structs.NodeService (catalog registration and txn service ops). */
    public static Service service(JsonFields f) {
        Map<String, ServiceAddress> tagged = new LinkedHashMap<>();
        JsonFields taggedFields = f.object("TaggedAddresses", "map[string]structs.ServiceAddress");
        if (taggedFields.present()) {
            Iterator<Map.Entry<String, JsonNode>> it = f.raw("TaggedAddresses").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonFields a = JsonFields.of(e.getValue(), "ServiceAddress");
                tagged.put(e.getKey(), new ServiceAddress(a.string("Address", ""), (int) a.integer("Port", 0)));
            }
        }
        JsonFields w = f.object("Weights", "Weights");
        Weights weights = w.present() ? new Weights((int) w.integer("Passing", 1), (int) w.integer("Warning", 1)) : null;
        String name = f.string("Service", "");
        String id = f.string("ID", "");
        return new Service(id.isEmpty() ? name : id, name, f.string("Kind", ""), f.strings("Tags"),
                f.string("Address", ""), tagged, f.stringMap("Meta"), (int) f.integer("Port", 0), weights,
                f.bool("EnableTagOverride", false), 0, f.unsigned("ModifyIndex", 0));
    }

    /** structs.HealthCheck; {@code Definition} is kept as Consul's JSON object. */
    public static HealthCheck healthCheck(JsonFields f, String defaultNode) {
        String statusText = f.string("Status", "critical");
        HealthStatus status;
        try {
            status = HealthStatus.parse(statusText.isEmpty() ? "critical" : statusText);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("Invalid check status: \"" + statusText + "\"");
        }
        JsonFields definition = f.object("Definition", "HealthCheckDefinition");
        Map<String, Object> definitionMap = definition.present()
                ? io.muster.http.server.Json.MAPPER.convertValue(f.raw("Definition"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { })
                : Map.of();
        String node = f.string("Node", "");
        return new HealthCheck(node.isEmpty() ? defaultNode : node, f.string("CheckID", ""), f.string("Name", ""),
                status, f.string("Notes", ""), f.string("Output", ""), f.string("ServiceID", ""),
                f.string("ServiceName", ""), f.strings("ServiceTags"), f.string("Type", ""), definitionMap, 0,
                f.unsigned("ModifyIndex", 0));
    }

    public static Node nodeRecord(JsonFields f) {
        return new Node(f.string("ID", ""), f.string("Node", ""), f.string("Address", ""),
                f.string("Datacenter", ""), f.stringMap("TaggedAddresses"), f.stringMap("Meta"), 0,
                f.unsigned("ModifyIndex", 0));
    }

    /** {@code PUT /v1/session/create}; an empty body takes every default. */
    public static SessionRequest sessionRequest(byte[] body) {
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return new SessionRequest(null, null, null, null, null, null, null);
        }
        JsonFields f = JsonFields.of(io.muster.http.server.Json.read(body), "SessionRequest");
        List<String> nodeChecks = null;
        if (f.has("NodeChecks")) {
            nodeChecks = f.strings("NodeChecks");
        } else if (f.has("Checks")) {
            nodeChecks = f.strings("Checks");
        }
        List<String> serviceChecks = null;
        if (f.has("ServiceChecks")) {
            serviceChecks = new ArrayList<>();
            for (JsonNode c : f.array("ServiceChecks", "ServiceCheck")) {
                serviceChecks.add(JsonFields.of(c, "ServiceCheck").string("ID", ""));
            }
        }
        Duration lockDelay = null;
        JsonNode rawDelay = f.raw("LockDelay");
        if (rawDelay != null && rawDelay.isNumber()) {
            long n = rawDelay.asLong();
            lockDelay = n < LOCK_DELAY_SECONDS_THRESHOLD ? Duration.ofSeconds(n) : Duration.ofNanos(n);
        } else if (rawDelay != null) {
            lockDelay = f.duration("LockDelay");
        }
        String ttlText = f.string("TTL");
        Duration ttl = null;
        if (ttlText != null && !ttlText.isEmpty()) {
            ttl = io.muster.http.server.GoDuration.parse(ttlText).orElseThrow(() ->
                    HttpError.badRequest("Request decode failed: time: invalid duration \"" + ttlText + "\""));
        }
        return new SessionRequest(f.string("Name"), emptyToNull(f.string("Node")), nodeChecks, serviceChecks,
                lockDelay, emptyToNull(f.string("Behavior")), ttl);
    }

    /** {@code PUT /v1/txn}: one op per element, exactly one of KV, Node, Service, Check. */
    public static List<TxnOp> txnOps(JsonNode body) {
        if (!body.isArray()) {
            throw new HttpError(400, "Failed to parse body: json: cannot unmarshal " + JsonFields.goKind(body)
                    + " into Go value of type api.TxnOps");
        }
        List<TxnOp> ops = new ArrayList<>();
        for (JsonNode element : body) {
            JsonFields op = JsonFields.of(element, "TxnOp");
            JsonFields kv = op.object("KV", "KVTxnOp");
            JsonFields node = op.object("Node", "NodeTxnOp");
            JsonFields service = op.object("Service", "ServiceTxnOp");
            JsonFields check = op.object("Check", "CheckTxnOp");
            if (kv.present()) {
                ops.add(new TxnOp.Kv(kv.string("Verb", ""), kv.string("Key", ""), kv.base64("Value"),
                        kv.unsigned("Flags", 0), kv.unsigned("Index", 0), kv.string("Session", "")));
            } else if (node.present()) {
                ops.add(new TxnOp.NodeOp(node.string("Verb", ""), nodeRecord(node.object("Node", "Node"))));
            } else if (service.present()) {
                ops.add(new TxnOp.ServiceOp(service.string("Verb", ""), service.string("Node", ""),
                        service(service.object("Service", "AgentService"))));
            } else if (check.present()) {
                ops.add(new TxnOp.CheckOp(check.string("Verb", ""),
                        healthCheck(check.object("Check", "HealthCheck"), "")));
            } else {
                throw new HttpError(400, "Failed to parse body: operation " + ops.size()
                        + " has none of KV, Node, Service or Check");
            }
        }
        return ops;
    }
}
