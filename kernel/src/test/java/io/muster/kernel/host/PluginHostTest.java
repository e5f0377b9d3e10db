package io.muster.kernel.host;

import io.muster.spi.Frontend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginHostTest {
    @TempDir
    Path plugins;

    @Test
    void missingDirectoryMeansNoPlugins() throws Exception {
        try (PluginHost host = PluginHost.start(plugins.resolve("absent"))) {
            assertThat(host.plugins()).isEmpty();
            assertThat(host.extensions(Frontend.class)).isEmpty();
        }
    }

    @Test
    void directoryPluginIsLoadedStartedAndListed() throws Exception {
        Path dir = Files.createDirectories(plugins.resolve("hello"));
        Files.createDirectories(dir.resolve("classes"));
        Files.writeString(dir.resolve("plugin.properties"), "plugin.id=hello\nplugin.version=1.2.3\n");
        try (PluginHost host = PluginHost.start(plugins)) {
            assertThat(host.plugins()).singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo("hello");
                assertThat(p.version()).isEqualTo("1.2.3");
                assertThat(p.state()).isEqualTo("STARTED");
            });
            assertThat(host.exclusive(Frontend.class, "frontend", Map.of())).isEmpty();
        }
    }

    @Test
    void corruptJarStopsTheLoadNamingTheFile() throws Exception {
        Path jar = plugins.resolve("broken-plugin.jar");
        Files.write(jar, new byte[] {'P', 'K', 3, 4, 'n', 'o', 't', ' ', 'a', ' ', 'j', 'a', 'r'});
        assertThatThrownBy(() -> PluginHost.start(plugins))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("broken-plugin.jar");
    }

    @Test
    void missingDependencyIsAnErrorNamingIt() throws Exception {
        Path dir = Files.createDirectories(plugins.resolve("needy"));
        Files.createDirectories(dir.resolve("classes"));
        Files.writeString(dir.resolve("plugin.properties"),
                "plugin.id=needy\nplugin.version=1.0.0\nplugin.dependencies=ghost\n");
        assertThatThrownBy(() -> PluginHost.start(plugins))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("ghost");
    }

    @Test
    void selectingAPluginThatProvidesNothingIsAnError() throws Exception {
        try (PluginHost host = PluginHost.start(plugins)) {
            assertThatThrownBy(() -> host.exclusive(Frontend.class, "frontend", Map.of("frontend", "nope")))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageContaining("plugins.frontend").hasMessageContaining("nope");
        }
    }
}
