package io.muster.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Operators extend the agent by dropping a jar into plugins/; a broken jar must stop the agent, naming it. */
class PluginDropInIT {
    @TempDir
    Path work;

    @Test
    void droppedInPluginIsLoaded() throws Exception {
        Path home = copyOfDist(work.resolve("home"));
        Files.copy(Path.of(System.getProperty("disk-check.jar")), home.resolve("plugins/disk-check.jar"));
        try (AgentProcess agent = AgentProcess.launch(home, work, "127.0.0.21", 8500,
                List.of("-dev", "-bind", "127.0.0.21", "-client", "127.0.0.21")).awaitReady()) {
            String self = agent.get("/v1/agent/self").body();
            assertThat(self).contains("disk-check");
        }
    }

    @Test
    void corruptJarMakesTheAgentExitNamingIt() throws Exception {
        Path home = copyOfDist(work.resolve("home-bad"));
        Files.write(home.resolve("plugins/corrupt-plugin.jar"), new byte[] {'P', 'K', 3, 4, 0, 0, 0});
        try (AgentProcess agent = AgentProcess.launch(home, work, "127.0.0.22", 8500,
                List.of("-dev", "-bind", "127.0.0.22", "-client", "127.0.0.22"))) {
            assertThat(agent.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.process().exitValue()).isNotZero();
            assertThat(agent.output()).contains("corrupt-plugin.jar");
        }
    }

    @Test
    void withoutTheRpcPluginAnotherDatacenterIsStillRefused() throws Exception {
        Path home = copyOfDist(work.resolve("home-no-rpc"));
        try (Stream<Path> rpc = Files.walk(home.resolve("plugins/muster-plugin-rpc"))) {
            rpc.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (AgentProcess agent = AgentProcess.launch(home, work, "127.0.0.23", 8500,
                List.of("-dev", "-bind", "127.0.0.23", "-client", "127.0.0.23")).awaitReady()) {
            assertThat(agent.put("/v1/kv/here", "v").body()).isEqualTo("true");
            var other = agent.get("/v1/kv/here?dc=dc2");
            assertThat(other.statusCode()).as(other.body()).isEqualTo(500);
            assertThat(other.body()).contains("No path to datacenter");
            assertThat(agent.get("/v1/kv/here?dc=dc1&raw").body()).isEqualTo("v");
        }
    }

    static Path copyOfDist(Path target) throws IOException {
        Path source = AgentProcess.dist();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }
}
