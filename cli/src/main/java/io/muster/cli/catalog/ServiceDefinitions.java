package io.muster.cli.catalog;

import io.muster.cli.core.CliException;
import io.muster.cli.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Service definitions read from the files `services register` and `deregister` take: JSON with a "service"
 * object or a "services" array, as in agent config files. Sent to the agent unchanged: the agent decodes the
 * config-file spelling (snake_case) as well as the API's.
 */
final class ServiceDefinitions {
    private ServiceDefinitions() {
    }

    static List<Map<String, Object>> parse(String file, byte[] content) throws CliException {
        Object json;
        try {
            json = Json.parse(new String(content, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new CliException("Error parsing service definition file " + file + ": " + e.getMessage()
                    + " (service definitions are read as JSON; HCL files can be converted or loaded by the agent "
                    + "from its config directory)");
        }
        Map<String, Object> root = Json.object(json);
        List<Map<String, Object>> services = new ArrayList<>();
        Object single = first(root, "service", "Service");
        if (single != null) {
            services.add(Json.object(single));
        }
        for (Object raw : Json.array(first(root, "services", "Services"))) {
            services.add(Json.object(raw));
        }
        if (services.isEmpty()) {
            throw new CliException("Error: " + file + " defines no \"service\" or \"services\"");
        }
        return services;
    }

    static String field(Map<String, Object> definition, String... names) {
        Object value = first(definition, names);
        return value == null ? "" : Json.string(value);
    }

    private static Object first(Map<String, Object> map, String... names) {
        for (String name : names) {
            if (map.containsKey(name)) {
                return map.get(name);
            }
        }
        return null;
    }
}
