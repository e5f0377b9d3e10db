package io.muster.cli.operator;

import io.muster.cli.core.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AutopilotStateFormatTest {
    @Test
    void prettyOutputIsConsulsFormatterOutput() {
        String json = "{\"Healthy\":true,\"FailureTolerance\":0,\"OptimisticFailureTolerance\":0,"
                + "\"Leader\":\"e3ea\",\"Voters\":[\"e3ea\"],\"Servers\":{\"f00d\":{\"ID\":\"f00d\",\"Name\":\"s2\","
                + "\"Address\":\"10.0.0.2:8300\",\"Version\":\"1.21.0\",\"Status\":\"non-voter\",\"NodeType\":\"voter\","
                + "\"NodeStatus\":\"alive\",\"Healthy\":true,\"LastContact\":\"1.2ms\",\"LastTerm\":2,\"LastIndex\":9},"
                + "\"e3ea\":{\"ID\":\"e3ea\",\"Name\":\"s1\",\"Address\":\"10.0.0.1:8300\",\"Version\":\"1.21.0\","
                + "\"Status\":\"leader\",\"NodeType\":\"voter\",\"NodeStatus\":\"alive\",\"Healthy\":true,"
                + "\"LastContact\":\"0s\",\"LastTerm\":2,\"LastIndex\":10,\"Meta\":{\"b\":\"2\",\"a\":\"1\"}}}}";

        assertThat(AutopilotStateCommand.pretty(Json.object(Json.parse(json)))).isEqualTo(""
                + "Healthy:                      true\n"
                + "Failure Tolerance:            0\n"
                + "Optimistic Failure Tolerance: 0\n"
                + "Leader:                       e3ea\n"
                + "Voters:\n"
                + "   e3ea\n"
                + "Servers:\n"
                + "   e3ea\n"
                + "      Name:            s1\n"
                + "      Address:         10.0.0.1:8300\n"
                + "      Version:         1.21.0\n"
                + "      Status:          leader\n"
                + "      Node Type:       voter\n"
                + "      Node Status:     alive\n"
                + "      Healthy:         true\n"
                + "      Last Contact:    0s\n"
                + "      Last Term:       2\n"
                + "      Last Index:      10\n"
                + "      Meta\n"
                + "         \"a\": \"1\"\n"
                + "         \"b\": \"2\"\n"
                + "   f00d\n"
                + "      Name:            s2\n"
                + "      Address:         10.0.0.2:8300\n"
                + "      Version:         1.21.0\n"
                + "      Status:          non-voter\n"
                + "      Node Type:       voter\n"
                + "      Node Status:     alive\n"
                + "      Healthy:         true\n"
                + "      Last Contact:    1.2ms\n"
                + "      Last Term:       2\n"
                + "      Last Index:      9\n");
    }
}
