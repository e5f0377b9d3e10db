package io.muster.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.http.server.ApiResponse;
import io.muster.http.server.Json;
import io.muster.http.server.Router;
import io.muster.spi.api.Endpoints;
import io.muster.spi.membership.UserEvent;

import java.util.Base64;

/** {@code /v1/event/fire/NAME} and {@code /v1/event/list}. */
public final class EventRoutes {
    /** Consul's UserEvent version field. */
    static final int EVENT_VERSION = 1;

    private EventRoutes() {
    }

    public static void register(Router router, Endpoints endpoints) {
        router.put("/v1/event/fire/", req -> {
            String name = req.suffix();
            if (name.isEmpty()) {
                return Replies.now(ApiResponse.text(400, "Missing name"));
            }
            byte[] payload = req.body().length == 0 ? null : req.body();
            return endpoints.event().fire(name, payload, req.param("node"), req.param("service"), req.param("tag"),
                    req.writeOptions()).thenApply(event -> ApiResponse.json(event(event, payload == null)));
        });
        router.get("/v1/event/list", req -> {
            String name = req.param("name");
            return endpoints.event().list(name, req.queryOptions()).thenApply(result -> {
                ArrayNode out = Json.array();
                result.value().forEach(e -> out.add(event(e, e.payload() == null || e.payload().length == 0)));
                return ApiResponse.query(result, out);
            });
        });
    }

    /** Consul's UserEvent: Payload is base64, or null when the event has none. */
    static ObjectNode event(UserEvent e, boolean nullPayload) {
        ObjectNode out = Json.object();
        out.put("ID", e.id());
        out.put("Name", e.name());
        if (nullPayload) {
            out.putNull("Payload");
        } else {
            out.put("Payload", Base64.getEncoder().encodeToString(e.payload()));
        }
        out.put("NodeFilter", e.nodeFilter());
        out.put("ServiceFilter", e.serviceFilter());
        out.put("TagFilter", e.tagFilter());
        out.put("Version", EVENT_VERSION);
        out.put("LTime", e.lamportTime());
        return out;
    }
}
