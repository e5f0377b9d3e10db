package io.muster.http.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.http.server.GoDuration;
import io.muster.http.server.Json;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.KvEntry;
import io.muster.spi.model.Member;
import io.muster.spi.model.Node;
import io.muster.spi.model.NodeServices;
import io.muster.spi.model.Service;
import io.muster.spi.model.ServiceAddress;
import io.muster.spi.model.ServiceHealth;
import io.muster.spi.model.ServiceNode;
import io.muster.spi.model.Session;
import io.muster.spi.model.Weights;

import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Consul's response shapes, field by field in Consul's order and spelling (structs.DirEntry, structs.Node,
 * structs.ServiceNode, structs.NodeService, structs.HealthCheck, structs.Session, api.AgentMember, ...).
 */
public final class ConsulJson {
    private ConsulJson() {
    }

    public static ArrayNode array(Collection<?> items, java.util.function.Function<Object, JsonNode> each) {
        ArrayNode out = Json.array();
        for (Object item : items) {
            out.add(each.apply(item));
        }
        return out;
    }

    public static ArrayNode strings(Collection<String> values) {
        ArrayNode out = Json.array();
        values.forEach(out::add);
        return out;
    }

    public static ObjectNode stringMap(Map<String, String> values) {
        ObjectNode out = Json.object();
        new java.util.TreeMap<>(values).forEach(out::put);
        return out;
    }

    /** A KV entry; {@code Value} is base64, or null when the key has no value. */
    public static ObjectNode kvEntry(KvEntry e) {
        ObjectNode out = Json.object();
        out.put("LockIndex", e.lockIndex());
        out.put("Key", e.key());
        // uint64 in Consul: a flag of 2^63 or more (the semaphore's) is written unsigned, not negative.
        out.put("Flags", e.flags() >= 0 ? java.math.BigInteger.valueOf(e.flags())
                : new java.math.BigInteger(Long.toUnsignedString(e.flags())));
        // Consul stores an empty body as a nil byte slice, which Go encodes as null.
        if (e.value() == null || e.value().length == 0) {
            out.putNull("Value");
        } else {
            out.put("Value", Base64.getEncoder().encodeToString(e.value()));
        }
        if (e.session() != null && !e.session().isEmpty()) {
            out.put("Session", e.session());
        }
        out.put("CreateIndex", e.createIndex());
        out.put("ModifyIndex", e.modifyIndex());
        return out;
    }

    public static ObjectNode node(Node n) {
        ObjectNode out = Json.object();
        out.put("ID", n.id() == null ? "" : n.id());
        out.put("Node", n.node());
        out.put("Address", n.address());
        out.put("Datacenter", n.datacenter());
        out.set("TaggedAddresses", stringMap(n.taggedAddresses()));
        out.set("Meta", stringMap(n.meta()));
        out.put("CreateIndex", n.createIndex());
        out.put("ModifyIndex", n.modifyIndex());
        return out;
    }

    public static ObjectNode weights(Weights w) {
        ObjectNode out = Json.object();
        out.put("Passing", w.passing());
        out.put("Warning", w.warning());
        return out;
    }

    /** A service's tagged addresses: inner objects spell {@code Address}/{@code Port}. */
    public static ObjectNode serviceTaggedAddresses(Map<String, ServiceAddress> addresses) {
        ObjectNode out = Json.object();
        new java.util.TreeMap<>(addresses).forEach((name, a) -> {
            ObjectNode inner = out.putObject(name);
            inner.put("Address", a.address());
            inner.put("Port", a.port());
        });
        return out;
    }

    private static ObjectNode emptyProxy() {
        ObjectNode proxy = Json.object();
        proxy.put("Mode", "");
        proxy.putObject("MeshGateway");
        proxy.putObject("Expose");
        return proxy;
    }

    /** One row of /v1/catalog/service/NAME: node and service fields flattened, service fields prefixed. */
    public static ObjectNode serviceNode(ServiceNode sn) {
        Node n = sn.node();
        Service s = sn.service();
        ObjectNode out = Json.object();
        out.put("ID", n.id() == null ? "" : n.id());
        out.put("Node", n.node());
        out.put("Address", n.address());
        out.put("Datacenter", n.datacenter());
        out.set("TaggedAddresses", stringMap(n.taggedAddresses()));
        out.set("NodeMeta", stringMap(n.meta()));
        out.put("ServiceKind", s.kind());
        out.put("ServiceID", s.id());
        out.put("ServiceName", s.service());
        out.set("ServiceTags", strings(s.tags()));
        out.put("ServiceAddress", s.address());
        if (!s.taggedAddresses().isEmpty()) {
            out.set("ServiceTaggedAddresses", serviceTaggedAddresses(s.taggedAddresses()));
        }
        out.set("ServiceWeights", weights(s.weights()));
        out.set("ServiceMeta", stringMap(s.meta()));
        out.put("ServicePort", s.port());
        out.put("ServiceSocketPath", "");
        out.put("ServiceEnableTagOverride", s.enableTagOverride());
        out.set("ServiceProxy", emptyProxy());
        out.putObject("ServiceConnect");
        out.put("CreateIndex", s.createIndex());
        out.put("ModifyIndex", s.modifyIndex());
        return out;
    }

    /** structs.NodeService, as in /v1/health/service rows and /v1/catalog/node. */
    public static ObjectNode nodeService(Service s) {
        ObjectNode out = Json.object();
        if (!s.kind().isEmpty()) {
            out.put("Kind", s.kind());
        }
        out.put("ID", s.id());
        out.put("Service", s.service());
        out.set("Tags", strings(s.tags()));
        out.put("Address", s.address());
        if (!s.taggedAddresses().isEmpty()) {
            out.set("TaggedAddresses", serviceTaggedAddresses(s.taggedAddresses()));
        }
        out.set("Meta", stringMap(s.meta()));
        out.put("Port", s.port());
        out.set("Weights", weights(s.weights()));
        out.put("EnableTagOverride", s.enableTagOverride());
        out.set("Proxy", emptyProxy());
        out.putObject("Connect");
        out.put("CreateIndex", s.createIndex());
        out.put("ModifyIndex", s.modifyIndex());
        return out;
    }

    /** api.AgentService, as in /v1/agent/services. */
    public static ObjectNode agentService(Service s, String datacenter) {
        ObjectNode out = Json.object();
        if (!s.kind().isEmpty()) {
            out.put("Kind", s.kind());
        }
        out.put("ID", s.id());
        out.put("Service", s.service());
        out.set("Tags", strings(s.tags()));
        out.set("Meta", stringMap(s.meta()));
        out.put("Port", s.port());
        out.put("Address", s.address());
        if (!s.taggedAddresses().isEmpty()) {
            out.set("TaggedAddresses", serviceTaggedAddresses(s.taggedAddresses()));
        }
        out.set("Weights", weights(s.weights()));
        out.put("EnableTagOverride", s.enableTagOverride());
        out.put("Datacenter", datacenter);
        return out;
    }

    public static ObjectNode healthCheck(HealthCheck c) {
        ObjectNode out = Json.object();
        out.put("Node", c.node());
        out.put("CheckID", c.checkId());
        out.put("Name", c.name());
        out.put("Status", c.status().wire());
        out.put("Notes", c.notes());
        out.put("Output", c.output());
        out.put("ServiceID", c.serviceId());
        out.put("ServiceName", c.serviceName());
        out.set("ServiceTags", strings(c.serviceTags()));
        out.put("Type", c.type());
        out.put("Interval", definitionString(c.definition(), "Interval"));
        out.put("Timeout", definitionString(c.definition(), "Timeout"));
        out.put("ExposedPort", 0);
        out.set("Definition", plainTree(c.definition()));
        out.put("CreateIndex", c.createIndex());
        out.put("ModifyIndex", c.modifyIndex());
        return out;
    }

    private static String definitionString(Map<String, Object> definition, String key) {
        Object v = definition.get(key);
        if (v instanceof Duration d) {
            return GoDuration.format(d);
        }
        return v == null ? "" : v.toString();
    }

    /** A JSON-like value (maps, lists, scalars) as a tree; durations print as Go durations. */
    public static JsonNode plainTree(Object value) {
        if (value instanceof Duration d) {
            return Json.MAPPER.getNodeFactory().textNode(GoDuration.format(d));
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode out = Json.object();
            map.forEach((k, v) -> out.set(String.valueOf(k), plainTree(v)));
            return out;
        }
        if (value instanceof Collection<?> list) {
            ArrayNode out = Json.array();
            list.forEach(v -> out.add(plainTree(v)));
            return out;
        }
        return Json.MAPPER.valueToTree(value);
    }

    public static ArrayNode healthChecks(List<HealthCheck> checks) {
        ArrayNode out = Json.array();
        checks.forEach(c -> out.add(healthCheck(c)));
        return out;
    }

    public static ObjectNode serviceHealth(ServiceHealth h) {
        ObjectNode out = Json.object();
        out.set("Node", node(h.node()));
        out.set("Service", nodeService(h.service()));
        out.set("Checks", healthChecks(h.checks()));
        return out;
    }

    /** /v1/catalog/node/NAME: services keyed by id. */
    public static JsonNode nodeServicesMap(NodeServices ns) {
        ObjectNode out = Json.object();
        out.set("Node", node(ns.node()));
        ObjectNode services = out.putObject("Services");
        ns.services().forEach(s -> services.set(s.id(), nodeService(s)));
        return out;
    }

    /** /v1/catalog/node-services/NAME: services as a list. */
    public static JsonNode nodeServicesList(NodeServices ns) {
        ObjectNode out = Json.object();
        out.set("Node", node(ns.node()));
        ArrayNode services = out.putArray("Services");
        ns.services().forEach(s -> services.add(nodeService(s)));
        return out;
    }

    /** structs.Session: LockDelay in nanoseconds, TTL as a Go duration string ("" when none). */
    public static ObjectNode session(Session s) {
        ObjectNode out = Json.object();
        out.put("ID", s.id());
        out.put("Name", s.name());
        out.put("Node", s.node());
        out.set("NodeChecks", strings(s.nodeChecks()));
        if (s.serviceChecks().isEmpty()) {
            out.set("ServiceChecks", NullNode.getInstance());
        } else {
            ArrayNode serviceChecks = out.putArray("ServiceChecks");
            s.serviceChecks().forEach(id -> serviceChecks.addObject().put("ID", id).put("Namespace", ""));
        }
        out.put("LockDelay", s.lockDelay() == null ? 0 : s.lockDelay().toNanos());
        out.put("Behavior", s.behavior());
        out.put("TTL", s.ttl() == null ? "" : GoDuration.format(s.ttl()));
        out.put("CreateIndex", s.createIndex());
        out.put("ModifyIndex", s.modifyIndex());
        return out;
    }

    /** api.AgentMember; the delegate protocol range is serf's (2..5, current 4). */
    public static ObjectNode member(Member m) {
        ObjectNode out = Json.object();
        out.put("Name", m.name());
        out.put("Addr", m.address());
        out.put("Port", m.port());
        out.set("Tags", stringMap(m.tags()));
        out.put("Status", m.status().code());
        out.put("ProtocolMin", m.protocolMin());
        out.put("ProtocolMax", m.protocolMax());
        out.put("ProtocolCur", m.protocolCur());
        out.put("DelegateMin", 2);
        out.put("DelegateMax", 5);
        out.put("DelegateCur", 4);
        return out;
    }
}
