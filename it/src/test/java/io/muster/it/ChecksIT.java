package io.muster.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health checks run by a real agent: config-dir services, reload, restart persistence, script policy, plugins. */
class ChecksIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String aggregate(AgentProcess agent, String service) throws Exception {
        JsonNode checks = json(agent.get("/v1/health/checks/" + service));
        String worst = "passing";
        for (JsonNode c : checks) {
            String s = c.get("Status").asText();
            if (s.equals("critical") || (s.equals("warning") && worst.equals("passing"))) {
                worst = s;
            }
        }
        return checks.isEmpty() ? "none" : worst;
    }

    private static AgentProcess server(Path home, Path work, String address, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-server", "-bootstrap", "-node", "checks-" + address.replace('.', '-'),
                "-bind", address, "-client", address, "-data-dir", work.resolve("data").toString(),
                "-config-dir", work.resolve("config").toString()));
        args.addAll(List.of(extra));
        return AgentProcess.launch(home, work, address, 8500, args).awaitReady();
    }

    @Test
    void httpCheckFromConfigDirFailsRecoversAndReloadsAndApiServicesSurviveRestart() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.51", 0), 0);
        target.createContext("/health", ex -> {
            byte[] body = ("status " + status.get()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        target.start();
        try {
            int port = target.getAddress().getPort();
            Path config = Files.createDirectories(work.resolve("config"));
            Path web = config.resolve("web.json");
            Files.writeString(web, webService(port, 80));
            AgentProcess agent = server(AgentProcess.dist(), work, "127.0.0.52");
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> aggregate(agent, "web").equals("passing"));
                assertThat(json(agent.get("/v1/health/service/web?passing"))).hasSize(1);

                status.set(500);
                await().atMost(Duration.ofSeconds(15)).until(() -> aggregate(agent, "web").equals("critical"));
                assertThat(json(agent.get("/v1/health/service/web?passing"))).isEmpty();
                JsonNode check = json(agent.get("/v1/health/checks/web")).get(0);
                assertThat(check.get("Output").asText()).contains("500");

                status.set(200);
                await().atMost(Duration.ofSeconds(15)).until(() -> aggregate(agent, "web").equals("passing"));

                // Edit the file and reload: the service's port changes without a restart.
                Files.writeString(web, webService(port, 81));
                Process reload = new ProcessBuilder(AgentProcess.dist().resolve("bin/muster").toString(), "reload",
                        "-http-addr=127.0.0.52:8500").redirectErrorStream(true).start();
                assertThat(reload.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(reload.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .contains("Configuration reload triggered");
                await().atMost(Duration.ofSeconds(15)).until(() ->
                        json(agent.get("/v1/catalog/service/web")).get(0).get("ServicePort").asInt() == 81);

                // A service registered through the API survives a restart of the agent.
                assertThat(agent.put("/v1/agent/service/register",
                        "{\"Name\":\"api-only\",\"Port\":7001,\"Check\":{\"TTL\":\"30s\"}}").statusCode()).isEqualTo(200);
                assertThat(agent.terminate()).isZero();
            } finally {
                agent.close();
            }
            try (AgentProcess again = server(AgentProcess.dist(), work, "127.0.0.52")) {
                await().atMost(Duration.ofSeconds(15)).until(() -> json(again.get("/v1/agent/services")).has("api-only"));
                assertThat(json(again.get("/v1/agent/services")).has("web")).isTrue();
            }
        } finally {
            target.stop(0);
        }
    }

    private static String webService(int checkPort, int servicePort) {
        return "{\"service\":{\"name\":\"web\",\"port\":" + servicePort + ",\"check\":{\"http\":\"http://127.0.0.51:"
                + checkPort + "/health\",\"interval\":\"1s\",\"timeout\":\"1s\"}}}";
    }

    @Test
    void scriptChecksAreRefusedByDefault() throws Exception {
        Files.createDirectories(work.resolve("config"));
        try (AgentProcess agent = server(AgentProcess.dist(), work, "127.0.0.53")) {
            HttpResponse<String> r = agent.put("/v1/agent/check/register",
                    "{\"Name\":\"script\",\"Args\":[\"/bin/true\"],\"Interval\":\"1s\"}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("enable_script_checks");
            assertThat(json(agent.get("/v1/agent/checks")).has("script")).isFalse();
        }
    }

    @Test
    void hangingScriptIsKilledAtItsTimeoutAndReportedCritical() throws Exception {
        Files.createDirectories(work.resolve("config"));
        try (AgentProcess agent = server(AgentProcess.dist(), work, "127.0.0.54", "-enable-script-checks")) {
            HttpResponse<String> ok = agent.put("/v1/agent/check/register",
                    "{\"Name\":\"fine\",\"Args\":[\"/bin/sh\",\"-c\",\"echo fine\"],\"Interval\":\"1s\"}");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            HttpResponse<String> hang = agent.put("/v1/agent/check/register",
                    "{\"Name\":\"hang\",\"Args\":[\"/bin/sh\",\"-c\",\"sleep 600\"],\"Interval\":\"2s\",\"Timeout\":\"1s\"}");
            assertThat(hang.statusCode()).as(hang.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode checks = json(agent.get("/v1/agent/checks"));
                assertThat(checks.get("fine").get("Status").asText()).isEqualTo("passing");
                assertThat(checks.get("hang").get("Status").asText()).isEqualTo("critical");
            });
            // No sleep 600 outlives its timeout.
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.process().descendants()
                    .noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 600")));
        }
    }

    @Test
    void customCheckTypeFromADroppedInJarReportsThroughTheApi() throws Exception {
        Path home = PluginDropInIT.copyOfDist(work.resolve("home"));
        Files.copy(Path.of(System.getProperty("disk-check.jar")), home.resolve("plugins/disk-check.jar"));
        Files.createDirectories(work.resolve("config"));
        try (AgentProcess agent = server(home, work, "127.0.0.55")) {
            assertThat(agent.put("/v1/agent/service/register", "{\"Name\":\"store\",\"Port\":1}").statusCode()).isEqualTo(200);
            HttpResponse<String> impossible = agent.put("/v1/agent/check/register",
                    "{\"Name\":\"disk\",\"ServiceID\":\"store\",\"Interval\":\"1s\",\"disk_path\":\"" + work
                            + "\",\"disk_min_free_percent\":100}");
            assertThat(impossible.statusCode()).as(impossible.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> aggregate(agent, "store").equals("critical"));

            HttpResponse<String> unknown = agent.put("/v1/agent/check/register",
                    "{\"Name\":\"mystery\",\"Interval\":\"1s\",\"Frobnicate\":\"yes\"}");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("http").contains("ttl");
        }
    }
}
