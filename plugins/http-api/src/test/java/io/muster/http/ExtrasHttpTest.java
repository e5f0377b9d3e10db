package io.muster.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.muster.http.routes.ApiRoutes;
import io.muster.http.routes.ApiSettings;
import io.muster.http.server.HttpApiServer;
import io.muster.http.server.Json;
import io.muster.spi.api.AgentApi;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.AutopilotHealth;
import io.muster.spi.api.AutopilotState;
import io.muster.spi.api.CatalogApi;
import io.muster.spi.api.ConfigEntryApi;
import io.muster.spi.api.Consistency;
import io.muster.spi.api.CoordinateApi;
import io.muster.spi.api.DatacenterCoordinates;
import io.muster.spi.api.Endpoints;
import io.muster.spi.api.EventApi;
import io.muster.spi.api.HealthApi;
import io.muster.spi.api.KvApi;
import io.muster.spi.api.OperatorApi;
import io.muster.spi.api.PreparedQueryApi;
import io.muster.spi.api.PreparedQueryExecution;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.QueryResult;
import io.muster.spi.api.RaftConfiguration;
import io.muster.spi.api.SessionApi;
import io.muster.spi.api.SnapshotApi;
import io.muster.spi.api.StatusApi;
import io.muster.spi.api.TxnApi;
import io.muster.spi.api.WriteOptions;
import io.muster.spi.membership.KeyringResponse;
import io.muster.spi.membership.UserEvent;
import io.muster.spi.model.AutopilotConfig;
import io.muster.spi.model.ConfigEntry;
import io.muster.spi.model.Coordinate;
import io.muster.spi.model.PreparedQuery;
import io.muster.spi.model.ServiceHealth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The event, coordinate, operator, query, snapshot and config routes over hand-written endpoints. */
class ExtrasHttpTest {
    private final FakeEndpoints base = new FakeEndpoints();
    private final Extras extras = new Extras(base);
    private final HttpApiServer server = new HttpApiServer(List.of(new InetSocketAddress("127.0.0.1", 0)),
            ApiRoutes.build(extras, base, new ApiSettings(1024, 4096, "dc1"), new ManualTimer()), null, Map.of(), 2);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String url;

    ExtrasHttpTest() {
        server.start();
        url = "http://127.0.0.1:" + server.boundAddresses().get(0).getPort();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<byte[]> call(String method, String path, byte[] body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url + path)).method(method, publisher).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> call(String method, String path, String body) {
        return call(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<byte[]> r) {
        return Json.read(r.body());
    }

    @Test
    void eventFireAndList() {
        HttpResponse<byte[]> fired = call("PUT", "/v1/event/fire/deploy?node=web.*&service=api&tag=v1", "payload");
        assertThat(fired.statusCode()).isEqualTo(200);
        JsonNode event = json(fired);
        assertThat(event.fieldNames()).toIterable().containsExactly("ID", "Name", "Payload", "NodeFilter",
                "ServiceFilter", "TagFilter", "Version", "LTime");
        assertThat(event.get("Payload").asText()).isEqualTo("cGF5bG9hZA==");
        assertThat(event.get("NodeFilter").asText()).isEqualTo("web.*");
        assertThat(event.get("Version").asInt()).isEqualTo(1);
        assertThat(json(call("PUT", "/v1/event/fire/bare", (String) null)).get("Payload").isNull()).isTrue();
        assertThat(call("PUT", "/v1/event/fire/", (String) null).statusCode()).isEqualTo(400);
        assertThat(text(call("PUT", "/v1/event/fire/", (String) null))).isEqualTo("Missing name");
        assertThat(call("GET", "/v1/event/fire/x", (String) null).statusCode()).isEqualTo(405);

        HttpResponse<byte[]> listed = call("GET", "/v1/event/list?name=deploy", (String) null);
        assertThat(json(listed)).hasSize(1);
        assertThat(listed.headers().firstValue("X-Consul-Index")).contains("77");
        assertThat(extras.calls).contains("event.list deploy");
    }

    @Test
    void coordinates() {
        JsonNode dcs = json(call("GET", "/v1/coordinate/datacenters", (String) null));
        assertThat(dcs.get(0).fieldNames()).toIterable().containsExactly("Datacenter", "AreaID", "Coordinates");
        assertThat(dcs.get(0).get("Coordinates").get(0).get("Coord").fieldNames()).toIterable()
                .containsExactly("Vec", "Error", "Adjustment", "Height");
        JsonNode nodes = json(call("GET", "/v1/coordinate/nodes", (String) null));
        assertThat(nodes.get(0).fieldNames()).toIterable().containsExactly("Node", "Segment", "Coord");
        assertThat(call("GET", "/v1/coordinate/node/n1", (String) null).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> missing = call("GET", "/v1/coordinate/node/ghost", (String) null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-Consul-Index")).isPresent();
        HttpResponse<byte[]> update = call("PUT", "/v1/coordinate/update",
                "{\"Node\":\"n1\",\"Coord\":{\"Vec\":[1,2,3,4,5,6,7,8],\"Error\":1.5,\"Adjustment\":0.1,\"Height\":0.2}}");
        assertThat(update.statusCode()).isEqualTo(200);
        Coordinate stored = (Coordinate) extras.writes.get(0);
        assertThat(stored.vec()).hasSize(8);
        assertThat(stored.height()).isEqualTo(0.2);
        assertThat(call("PUT", "/v1/coordinate/update", "{\"Node\":\"n1\",\"Coord\":{\"Vec\":[\"x\"]}}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void operatorRaftAndAutopilot() {
        JsonNode raft = json(call("GET", "/v1/operator/raft/configuration", (String) null));
        assertThat(raft.get("Servers").get(0).fieldNames()).toIterable().containsExactly("ID", "Node", "Address",
                "Leader", "ProtocolVersion", "Voter");
        assertThat(raft.get("Index").asLong()).isEqualTo(12);
        assertThat(text(call("DELETE", "/v1/operator/raft/peer", (String) null)))
                .isEqualTo("Must specify either ?id with the server's ID or ?address with IP:port of server to remove");
        assertThat(call("DELETE", "/v1/operator/raft/peer?address=10.0.0.1:8300", (String) null).statusCode())
                .isEqualTo(200);
        assertThat(extras.calls).contains("raft.remove  10.0.0.1:8300");

        JsonNode config = json(call("GET", "/v1/operator/autopilot/configuration", (String) null));
        assertThat(config.get("LastContactThreshold").asText()).isEqualTo("200ms");
        assertThat(config.get("ServerStabilizationTime").asText()).isEqualTo("10s");
        assertThat(text(call("PUT", "/v1/operator/autopilot/configuration?cas=4",
                "{\"CleanupDeadServers\":false,\"LastContactThreshold\":\"1s\",\"MaxTrailingLogs\":9}"))).isEqualTo("true");
        AutopilotConfig put = (AutopilotConfig) extras.writes.get(0);
        assertThat(put.lastContactThreshold()).isEqualTo(Duration.ofSeconds(1));
        assertThat(put.serverStabilizationTime()).isEqualTo(Duration.ZERO);
        assertThat(extras.calls).contains("autopilot.set cas=4");
        assertThat(text(call("PUT", "/v1/operator/autopilot/configuration", "{\"LastContactThreshold\":\"soon\"}")))
                .isEqualTo("Error parsing autopilot config: time: invalid duration \"soon\"");

        HttpResponse<byte[]> health = call("GET", "/v1/operator/autopilot/health", (String) null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("Servers").get(0).get("SerfStatus").asText()).isEqualTo("alive");
        extras.unhealthy = true;
        assertThat(call("GET", "/v1/operator/autopilot/health", (String) null).statusCode()).isEqualTo(429);
        JsonNode state = json(call("GET", "/v1/operator/autopilot/state", (String) null));
        assertThat(state.get("Servers").get("id1").get("Status").asText()).isEqualTo("leader");
        assertThat(state.get("Voters").get(0).asText()).isEqualTo("id1");
    }

    @Test
    void keyring() {
        JsonNode pools = json(call("GET", "/v1/operator/keyring", (String) null));
        assertThat(pools.get(0).fieldNames()).toIterable().containsExactly("WAN", "Datacenter", "Segment",
                "Partition", "Messages", "Keys", "PrimaryKeys", "NumNodes");
        assertThat(pools.get(0).get("Keys").get("k1==").asInt()).isEqualTo(3);
        assertThat(call("POST", "/v1/operator/keyring", "{\"Key\":\"k2==\"}").statusCode()).isEqualTo(200);
        assertThat(call("PUT", "/v1/operator/keyring", "{\"Key\":\"k2==\"}").statusCode()).isEqualTo(200);
        assertThat(call("DELETE", "/v1/operator/keyring", "{\"Key\":\"k1==\"}").statusCode()).isEqualTo(200);
        assertThat(extras.calls).contains("keyring.install k2==", "keyring.use k2==", "keyring.remove k1==");
        assertThat(call("GET", "/v1/operator/keyring?relay-factor=9", (String) null).statusCode()).isEqualTo(400);
    }

    @Test
    void preparedQueries() {
        HttpResponse<byte[]> created = call("POST", "/v1/query", "{\"Name\":\"redis\",\"Service\":{\"Service\":\"redis\"}}");
        assertThat(text(created)).isEqualTo("{\"ID\":\"q1\"}");
        assertThat(extras.writes.get(0)).isEqualTo(Map.of("Name", "redis", "Service", Map.of("Service", "redis")));
        JsonNode one = json(call("GET", "/v1/query/q1", (String) null));
        assertThat(one).hasSize(1);
        assertThat(one.get(0).fieldNames()).toIterable().containsExactly("ID", "Name", "Session", "Token",
                "Template", "Service", "DNS", "CreateIndex", "ModifyIndex");
        assertThat(one.get(0).get("Service").get("Tags").get(0).asText()).isEqualTo("v1");
        assertThat(one.get(0).get("Service").get("IgnoreCheckIDs").isNull()).isTrue();
        HttpResponse<byte[]> missing = call("GET", "/v1/query/ghost", (String) null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(text(missing)).isEqualTo("Query not found");
        assertThat(json(call("GET", "/v1/query", (String) null))).hasSize(1);
        assertThat(call("PUT", "/v1/query/q1", "{\"Service\":{\"Service\":\"redis\"}}").statusCode()).isEqualTo(200);
        assertThat(call("DELETE", "/v1/query/q1", (String) null).statusCode()).isEqualTo(200);
        assertThat(extras.calls).contains("query.update q1", "query.delete q1");

        JsonNode executed = json(call("GET", "/v1/query/redis/execute?near=_agent&limit=3", (String) null));
        assertThat(executed.fieldNames()).toIterable().containsExactly("Service", "Nodes", "DNS", "Datacenter",
                "Failovers");
        assertThat(executed.get("DNS").get("TTL").asText()).isEqualTo("10s");
        assertThat(executed.get("Nodes").get(0).get("Service").get("ID").asText()).isEqualTo("web-1");
        assertThat(extras.calls).contains("query.execute redis _agent 3");
        JsonNode explained = json(call("GET", "/v1/query/redis/explain", (String) null));
        assertThat(explained.get("Query").get("Name").asText()).isEqualTo("redis");
        assertThat(call("PUT", "/v1/query/redis/execute", (String) null).statusCode()).isEqualTo(405);
        assertThat(call("POST", "/v1/query", "[1]").statusCode()).isEqualTo(400);
    }

    @Test
    void snapshotBytesAndRestore() {
        HttpResponse<byte[]> saved = call("GET", "/v1/snapshot", (String) null);
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.body()).containsExactly(1, 2, 3);
        assertThat(saved.headers().firstValue("X-Consul-Index")).contains("42");
        assertThat(call("PUT", "/v1/snapshot", new byte[]{9, 8}).statusCode()).isEqualTo(200);
        assertThat(extras.writes.get(0)).isEqualTo(new byte[]{9, 8});
        extras.failRestore = true;
        HttpResponse<byte[]> bad = call("PUT", "/v1/snapshot", new byte[]{0});
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(text(bad)).isEqualTo("failed to read snapshot file: damaged");
    }

    @Test
    void configEntries() {
        assertThat(text(call("PUT", "/v1/config?cas=0", "{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"Protocol\":\"http\"}")))
                .isEqualTo("true");
        assertThat(extras.calls).contains("config.apply cas=0");
        JsonNode entry = json(call("GET", "/v1/config/service-defaults/web", (String) null));
        assertThat(entry.toString()).isEqualTo("{\"Kind\":\"service-defaults\",\"Name\":\"web\",\"Protocol\":\"http\","
                + "\"CreateIndex\":5,\"ModifyIndex\":6}");
        HttpResponse<byte[]> missing = call("GET", "/v1/config/service-defaults/ghost", (String) null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(text(missing)).isEqualTo("Config entry not found for \"service-defaults\" / \"ghost\"");
        assertThat(json(call("GET", "/v1/config/service-defaults", (String) null))).hasSize(1);
        assertThat(text(call("GET", "/v1/config/", (String) null)))
                .isEqualTo("Must provide either a kind or both kind and name");
        assertThat(text(call("DELETE", "/v1/config/service-defaults/web", (String) null))).isEqualTo("{}");
        assertThat(text(call("DELETE", "/v1/config/service-defaults/web?cas=6", (String) null))).isEqualTo("true");
        assertThat(text(call("DELETE", "/v1/config/service-defaults", (String) null)))
                .isEqualTo("Must provide both a kind and name to delete");
    }

    @Test
    void endpointsWithoutTheNewGroupsAnswer404() {
        HttpApiServer plain = new HttpApiServer(List.of(new InetSocketAddress("127.0.0.1", 0)),
                ApiRoutes.build(base, base, new ApiSettings(1024, 4096, "dc1"), new ManualTimer()), null, Map.of(), 2);
        plain.start();
        try {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + plain.boundAddresses().get(0).getPort() + "/v1/event/list")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(text(r)).contains("the event endpoints are not supported");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            plain.stop();
        }
    }

    /** FakeEndpoints plus scripted answers for the later endpoint groups, recording calls and writes. */
    static final class Extras implements Endpoints {
        final FakeEndpoints base;
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<Object> writes = new CopyOnWriteArrayList<>();
        volatile boolean unhealthy;
        volatile boolean failRestore;

        Extras(FakeEndpoints base) {
            this.base = base;
        }

        static <T> QueryResult<T> result(T value, long index) {
            return new QueryResult<>(value, index, true, 0, Consistency.DEFAULT);
        }

        static <T> CompletionStage<T> done(T value) {
            return CompletableFuture.completedFuture(value);
        }

        public KvApi kv() {
            return base.kv();
        }

        public CatalogApi catalog() {
            return base.catalog();
        }

        public HealthApi health() {
            return base.health();
        }

        public SessionApi session() {
            return base.session();
        }

        public TxnApi txn() {
            return base.txn();
        }

        public StatusApi status() {
            return base.status();
        }

        public AgentApi agent() {
            return base.agent();
        }

        @Override
        public EventApi event() {
            return new EventApi() {
                public CompletionStage<UserEvent> fire(String name, byte[] payload, String nodeFilter,
                                                       String serviceFilter, String tagFilter, WriteOptions options) {
                    calls.add("event.fire " + name);
                    return done(new UserEvent("e-" + name, name, payload, nodeFilter == null ? "" : nodeFilter,
                            serviceFilter == null ? "" : serviceFilter, tagFilter == null ? "" : tagFilter, 0));
                }

                public CompletionStage<QueryResult<List<UserEvent>>> list(String name, QueryOptions options) {
                    calls.add("event.list " + name);
                    return done(result(List.of(new UserEvent("e1", "deploy", new byte[0], "", "", "", 4)), 77));
                }
            };
        }

        @Override
        public CoordinateApi coordinate() {
            Coordinate c = new Coordinate("n1", "", List.of(0.1, 0.2), 1.5, 0, 0.00001);
            return new CoordinateApi() {
                public CompletionStage<List<DatacenterCoordinates>> datacenters() {
                    return done(List.of(new DatacenterCoordinates("dc1", "wan", List.of(c))));
                }

                public CompletionStage<QueryResult<List<Coordinate>>> nodes(QueryOptions options) {
                    return done(result(List.of(c), 9));
                }

                public CompletionStage<QueryResult<List<Coordinate>>> node(String node, QueryOptions options) {
                    return done(result(node.equals("n1") ? List.of(c) : List.of(), 9));
                }

                public CompletionStage<Void> update(Coordinate coordinate, WriteOptions options) {
                    writes.add(coordinate);
                    return done(null);
                }
            };
        }

        @Override
        public OperatorApi operator() {
            AutopilotHealth.Server server = new AutopilotHealth.Server("id1", "node1", "127.0.0.1:8300", "alive",
                    "1.21.0", true, Duration.ZERO, 1, 12, true, true, Instant.parse("2026-01-01T00:00:00Z"));
            KeyringResponse pool = new KeyringResponse(false, "dc1", Map.of(), Map.of("k1==", 3),
                    Map.of("k1==", 3), 3);
            return new OperatorApi() {
                public CompletionStage<RaftConfiguration> raftConfiguration(QueryOptions options) {
                    return done(new RaftConfiguration(List.of(new RaftConfiguration.Server("id1", "node1",
                            "127.0.0.1:8300", true, true, "3")), 12));
                }

                public CompletionStage<Void> raftRemovePeer(String id, String address, WriteOptions options) {
                    calls.add("raft.remove " + (id == null ? "" : id) + " " + address);
                    return done(null);
                }

                public CompletionStage<AutopilotConfig> autopilotConfiguration(QueryOptions options) {
                    return done(AutopilotConfig.DEFAULTS.withIndexes(4, 4));
                }

                public CompletionStage<Boolean> setAutopilotConfiguration(AutopilotConfig config, Long cas,
                                                                          WriteOptions options) {
                    calls.add("autopilot.set cas=" + cas);
                    writes.add(config);
                    return done(true);
                }

                public CompletionStage<AutopilotHealth> autopilotHealth(QueryOptions options) {
                    return done(new AutopilotHealth(!unhealthy, 0, List.of(server)));
                }

                public CompletionStage<AutopilotState> autopilotState(QueryOptions options) {
                    return done(new AutopilotState(true, 0, 0, "id1", List.of("id1"), List.of(server)));
                }

                public CompletionStage<List<KeyringResponse>> keyringList(boolean localOnly) {
                    return done(List.of(pool));
                }

                public CompletionStage<List<KeyringResponse>> keyringInstall(String key) {
                    calls.add("keyring.install " + key);
                    return done(List.of(pool));
                }

                public CompletionStage<List<KeyringResponse>> keyringUse(String key) {
                    calls.add("keyring.use " + key);
                    return done(List.of(pool));
                }

                public CompletionStage<List<KeyringResponse>> keyringRemove(String key) {
                    calls.add("keyring.remove " + key);
                    return done(List.of(pool));
                }
            };
        }

        @Override
        public PreparedQueryApi preparedQuery() {
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("Service", "redis");
            service.put("Tags", List.of("v1"));
            service.put("IgnoreCheckIDs", List.of());
            PreparedQuery query = new PreparedQuery("q1", "redis", "", "", Map.of("Service", service,
                    "DNS", Map.of("TTL", "10s")), 5, 6);
            return new PreparedQueryApi() {
                public CompletionStage<String> create(Map<String, Object> definition, WriteOptions options) {
                    writes.add(definition);
                    return done("q1");
                }

                public CompletionStage<Void> update(String id, Map<String, Object> definition, WriteOptions options) {
                    calls.add("query.update " + id);
                    return done(null);
                }

                public CompletionStage<Void> delete(String id, WriteOptions options) {
                    calls.add("query.delete " + id);
                    return done(null);
                }

                public CompletionStage<QueryResult<List<PreparedQuery>>> list(QueryOptions options) {
                    return done(result(List.of(query), 6));
                }

                public CompletionStage<QueryResult<PreparedQuery>> get(String id, QueryOptions options) {
                    if (!id.equals("q1")) {
                        return CompletableFuture.failedFuture(ApiException.notFound("Query not found"));
                    }
                    return done(result(query, 6));
                }

                public CompletionStage<QueryResult<PreparedQueryExecution>> execute(String idOrName, String near,
                                                                                    int limit, QueryOptions options) {
                    calls.add("query.execute " + idOrName + " " + near + " " + limit);
                    List<ServiceHealth> nodes = new ArrayList<>();
                    nodes.add(new ServiceHealth(FakeEndpoints.NODE1, FakeEndpoints.WEB, List.of(FakeEndpoints.SERF)));
                    return done(result(new PreparedQueryExecution("redis", nodes, Duration.ofSeconds(10), "dc1", 0), 8));
                }

                public CompletionStage<QueryResult<PreparedQuery>> explain(String idOrName, QueryOptions options) {
                    return done(result(query, 6));
                }
            };
        }

        @Override
        public SnapshotApi snapshot() {
            return new SnapshotApi() {
                public CompletionStage<QueryResult<byte[]>> save(QueryOptions options) {
                    return done(result(new byte[]{1, 2, 3}, 42));
                }

                public CompletionStage<Void> restore(byte[] archive, WriteOptions options) {
                    if (failRestore) {
                        return CompletableFuture.failedFuture(ApiException.badRequest(
                                "failed to read snapshot file: damaged"));
                    }
                    writes.add(archive);
                    return done(null);
                }
            };
        }

        @Override
        public ConfigEntryApi configEntry() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Protocol", "http");
            ConfigEntry web = new ConfigEntry("service-defaults", "web", body, 5, 6);
            return new ConfigEntryApi() {
                public CompletionStage<Boolean> apply(Map<String, Object> entry, Long cas, WriteOptions options) {
                    calls.add("config.apply cas=" + cas);
                    return done(true);
                }

                public CompletionStage<QueryResult<Optional<ConfigEntry>>> get(String kind, String name,
                                                                              QueryOptions options) {
                    return done(result(name.equals("web") ? Optional.of(web) : Optional.empty(), 6));
                }

                public CompletionStage<QueryResult<List<ConfigEntry>>> list(String kind, QueryOptions options) {
                    return done(result(List.of(web), 6));
                }

                public CompletionStage<Boolean> delete(String kind, String name, Long cas, WriteOptions options) {
                    return done(true);
                }
            };
        }
    }
}
