package io.muster.cli.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlagSetTest {

    @ParameterizedTest
    @ValueSource(strings = {"-http-addr=10.0.0.1:8500", "--http-addr=10.0.0.1:8500"})
    void acceptsOneOrTwoDashesWithEquals(String arg) throws UsageException {
        FlagSet flags = new FlagSet();
        FlagSet.Flag<String> addr = flags.string("http-addr", "", "address");
        assertThat(flags.parse(List.of(arg, "rest"))).containsExactly("rest");
        assertThat(addr.get()).isEqualTo("10.0.0.1:8500");
        assertThat(addr.isSet()).isTrue();
    }

    @Test
    void takesTheNextArgumentAsValue() throws UsageException {
        FlagSet flags = new FlagSet();
        FlagSet.Flag<String> addr = flags.string("http-addr", "", "address");
        assertThat(flags.parse(List.of("--http-addr", "192.168.2.211:8500", "192.168.2.210")))
                .containsExactly("192.168.2.210");
        assertThat(addr.get()).isEqualTo("192.168.2.211:8500");
    }

    @Test
    void booleansNeverConsumeTheNextArgument() throws UsageException {
        FlagSet flags = new FlagSet();
        FlagSet.Flag<Boolean> recurse = flags.bool("recurse", "r");
        FlagSet.Flag<Boolean> shell = flags.bool("shell", true, "s");
        assertThat(flags.parse(List.of("-recurse", "false", "-x"))).containsExactly("false", "-x");
        assertThat(recurse.get()).isTrue();
        assertThat(shell.get()).isTrue();
        flags.parse(List.of("-shell=false"));
        assertThat(shell.get()).isFalse();
    }

    @Test
    void stopsAtFirstPositionalAndAfterDoubleDash() throws UsageException {
        FlagSet flags = new FlagSet();
        FlagSet.Flag<Boolean> detailed = flags.bool("detailed", "d");
        assertThat(flags.parse(List.of("key", "-detailed"))).containsExactly("key", "-detailed");
        assertThat(detailed.get()).isFalse();
        assertThat(flags.parse(List.of("--", "-detailed"))).containsExactly("-detailed");
        assertThat(flags.parse(List.of("-", "x"))).containsExactly("-", "x");
    }

    @Test
    void reportsErrorsInGoFlagWording() {
        FlagSet flags = new FlagSet();
        flags.string("name", "", "n");
        flags.integer("n", 1, "count");
        flags.bool("b", "bool");
        assertThatThrownBy(() -> flags.parse(List.of("-nope"))).hasMessage("flag provided but not defined: -nope");
        assertThatThrownBy(() -> flags.parse(List.of("-name"))).hasMessage("flag needs an argument: -name");
        assertThatThrownBy(() -> flags.parse(List.of("-n=x"))).hasMessage("invalid value \"x\" for -n: parse error");
        assertThatThrownBy(() -> flags.parse(List.of("-b=maybe")))
                .hasMessage("invalid boolean value \"maybe\" for -b: parse error");
        assertThatThrownBy(() -> flags.parse(List.of("---x"))).hasMessage("bad flag syntax: ---x");
    }

    @Test
    void helpIsRequestedByHAndHelp() {
        FlagSet flags = new FlagSet();
        for (String arg : List.of("-h", "-help", "--help")) {
            assertThatThrownBy(() -> flags.parse(List.of(arg)))
                    .isInstanceOfSatisfying(UsageException.class, e -> assertThat(e.helpRequested()).isTrue());
        }
    }

    @Test
    void repeatedFlagsCollectValues() throws UsageException {
        FlagSet flags = new FlagSet();
        FlagSet.Flag<List<String>> tags = flags.list("tag", "<value>", "t");
        flags.parse(List.of("-tag=a", "--tag", "b"));
        assertThat(tags.get()).containsExactly("a", "b");
    }

    @Test
    void parsesGoDurations() {
        assertThat(FlagSet.parseDuration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(FlagSet.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(FlagSet.parseDuration("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(FlagSet.parseDuration("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> FlagSet.parseDuration("10")).hasMessageContaining("unit");
    }

    @Test
    void usageListsSectionsAndPlaceholders() {
        FlagSet flags = new FlagSet();
        flags.section("HTTP API Options").string("http-addr", "", "<address>", "Where the agent is.");
        flags.section("Command Options").bool("detailed", "More.");
        String usage = flags.usage("Usage: muster members [options]");
        assertThat(usage).startsWith("Usage: muster members [options]\n\nHTTP API Options\n\n  -http-addr=<address>\n"
                + "     Where the agent is.\n\nCommand Options\n\n  -detailed\n     More.\n");
    }
}
