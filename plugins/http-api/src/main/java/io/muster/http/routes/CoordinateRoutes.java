package io.muster.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.http.server.ApiResponse;
import io.muster.http.server.HttpError;
import io.muster.http.server.Json;
import io.muster.http.server.JsonFields;
import io.muster.http.server.Router;
import io.muster.spi.api.Endpoints;
import io.muster.spi.model.Coordinate;

import java.util.ArrayList;
import java.util.List;

/** {@code /v1/coordinate/*}. */
public final class CoordinateRoutes {
    private CoordinateRoutes() {
    }

    public static void register(Router router, Endpoints endpoints) {
        router.get("/v1/coordinate/datacenters", req -> endpoints.coordinate().datacenters().thenApply(dcs -> {
            ArrayNode out = Json.array();
            dcs.forEach(dc -> {
                ObjectNode entry = out.addObject();
                entry.put("Datacenter", dc.datacenter());
                entry.put("AreaID", dc.areaId());
                ArrayNode coordinates = entry.putArray("Coordinates");
                dc.coordinates().forEach(c -> {
                    ObjectNode row = coordinates.addObject();
                    row.put("Node", c.node());
                    row.set("Coord", coord(c));
                });
            });
            return ApiResponse.json(out);
        }));
        router.get("/v1/coordinate/nodes", req -> {
            String segment = req.param("segment");
            return endpoints.coordinate().nodes(req.queryOptions()).thenApply(result ->
                    ApiResponse.query(result, rows(result.value(), segment)));
        });
        router.get("/v1/coordinate/node/", req -> {
            String node = Replies.required(req.suffix(), "Missing node name");
            String segment = req.param("segment");
            return endpoints.coordinate().node(node, req.queryOptions()).thenApply(result -> {
                ArrayNode rows = rows(result.value(), segment);
                if (rows.isEmpty()) {
                    return ApiResponse.status(404).withQueryMeta(result);
                }
                return ApiResponse.query(result, rows);
            });
        });
        router.put("/v1/coordinate/update", req -> {
            Coordinate coordinate = decode(req.jsonBody());
            return endpoints.coordinate().update(coordinate, req.writeOptions()).thenApply(v -> ApiResponse.empty());
        });
    }

    private static ArrayNode rows(List<Coordinate> coordinates, String segment) {
        ArrayNode out = Json.array();
        for (Coordinate c : coordinates) {
            if (segment != null && !c.segment().equals(segment)) {
                continue;
            }
            ObjectNode row = out.addObject();
            row.put("Node", c.node());
            row.put("Segment", c.segment());
            row.set("Coord", coord(c));
        }
        return out;
    }

    /** Consul's coordinate.Coordinate: Vec, Error, Adjustment, Height. */
    static ObjectNode coord(Coordinate c) {
        ObjectNode out = Json.object();
        ArrayNode vec = out.putArray("Vec");
        c.vec().forEach(vec::add);
        out.put("Error", c.error());
        out.put("Adjustment", c.adjustment());
        out.put("Height", c.height());
        return out;
    }

    /** {@code structs.CoordinateUpdateRequest}: Node, Segment, Coord. */
    static Coordinate decode(JsonNode body) {
        if (!body.isObject()) {
            throw HttpError.decodeFailed("json: cannot unmarshal " + JsonFields.goKind(body)
                    + " into Go value of type structs.CoordinateUpdateRequest");
        }
        JsonNode coord = body.path("Coord");
        if (!coord.isObject()) {
            throw HttpError.badRequest("Missing Coord: the body must hold Node and Coord {Vec, Error, Adjustment, Height}");
        }
        List<Double> vec = new ArrayList<>();
        for (JsonNode v : coord.path("Vec")) {
            if (!v.isNumber()) {
                throw HttpError.decodeFailed("json: cannot unmarshal " + JsonFields.goKind(v)
                        + " into Go struct field Coordinate.Coord.Vec of type float64");
            }
            vec.add(v.asDouble());
        }
        return new Coordinate(body.path("Node").asText(""), body.path("Segment").asText(""), vec,
                number(coord, "Error"), number(coord, "Adjustment"), number(coord, "Height"));
    }

    private static double number(JsonNode coord, String field) {
        JsonNode v = coord.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return 0;
        }
        if (!v.isNumber()) {
            throw HttpError.decodeFailed("json: cannot unmarshal " + JsonFields.goKind(v)
                    + " into Go struct field Coordinate.Coord." + field + " of type float64");
        }
        return v.asDouble();
    }
}
