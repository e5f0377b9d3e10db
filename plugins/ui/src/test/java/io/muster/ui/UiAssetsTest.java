package io.muster.ui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class UiAssetsTest {
    private final UiAssets assets = new UiAssets(UiAssetsTest.class.getClassLoader(), "ui-test/");

    @Test
    void mountsUnderSlashUi() {
        assertThat(new UiAssets().basePath()).isEqualTo("/ui/");
    }

    @Test
    void servesTheIndexForTheBasePath() throws IOException {
        assertThat(read(assets.open(""))).contains("<title>test index</title>");
        assertThat(read(assets.open("index.html"))).contains("<title>test index</title>");
        assertThat(read(assets.open("/"))).contains("<title>test index</title>");
    }

    @Test
    void servesNestedAssetsAndIgnoresTheQuery() throws IOException {
        assertThat(read(assets.open("assets/app.js"))).isEqualTo("console.log('ui');\n");
        assertThat(read(assets.open("assets/app.js?v=2"))).isEqualTo("console.log('ui');\n");
    }

    @Test
    void missingFilesAreEmpty() {
        assertThat(assets.open("assets/none.js")).isEmpty();
    }

    @Test
    void refusesPathsThatLeaveTheUiFolder() {
        assertThat(UiAssets.resourceName("../secret.properties")).isEmpty();
        assertThat(UiAssets.resourceName("assets/../../x")).isEmpty();
        assertThat(UiAssets.resourceName("assets/./app.js")).isEmpty();
        assertThat(UiAssets.resourceName("assets//app.js")).isEmpty();
        assertThat(UiAssets.resourceName("assets\\..\\x")).isEmpty();
        assertThat(UiAssets.resourceName("assets/")).isEmpty();
        assertThat(UiAssets.resourceName(null)).isEmpty();
        // the sibling resource exists on the class path, yet must not be reachable
        assertThat(assets.open("../ui-test-outside.txt")).isEmpty();
    }

    private static String read(Optional<InputStream> stream) throws IOException {
        assertThat(stream).isPresent();
        try (InputStream in = stream.get()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
