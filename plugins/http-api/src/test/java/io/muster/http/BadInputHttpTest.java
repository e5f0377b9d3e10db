package io.muster.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Every refused request answers Consul's status and text, and reaches no endpoint. */
class BadInputHttpTest {
    private static HttpHarness http;

    @BeforeAll
    static void start() {
        http = new HttpHarness();
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @BeforeEach
    void clear() {
        http.fake.calls.clear();
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "GET|/v1/kv/a?wait=10|-|400|Invalid wait time",
        "GET|/v1/kv/a?wait=abc|-|400|Invalid wait time",
        "GET|/v1/kv/a?index=-1|-|400|Invalid index",
        "GET|/v1/kv/a?index=x1|-|400|Invalid index",
        "GET|/v1/kv/a?stale&consistent|-|400|Cannot specify ?stale with ?consistent, conflicting semantics.",
        "GET|/v1/kv/a?max_stale=zz|-|400|Invalid max_stale value \"zz\"",
        "PUT|/v1/kv/a?flags=x|v|400|strconv.ParseUint: parsing \"x\": invalid syntax",
        "PUT|/v1/kv/a?cas=1&acquire=s|v|400|Conflicting flags: cas, acquire, release cannot be combined\\n",
        "GET|/v1/catalog/service/web?filter=ServiceMeta.env == and|-|400|Failed to create boolean expression evaluator: 1:20 (19): no match found, expected: a value (a quoted string, a number or a word)",
        "GET|/v1/health/service/web?passing=maybe|-|400|Invalid value for ?passing: \"maybe\"",
        "PUT|/v1/catalog/register|{\"Node\":|400|PREFIX:Request decode failed: invalid JSON",
        "PUT|/v1/catalog/register|-|400|Request decode failed: EOF",
        "PUT|/v1/catalog/register|{\"Node\":5}|400|Request decode failed: json: cannot unmarshal number into Go struct field RegisterRequest.Node of type string",
        "PUT|/v1/catalog/register|{\"Node\":\"n\",\"Service\":{\"Port\":\"80\"}}|400|Request decode failed: json: cannot unmarshal string into Go struct field NodeService.Port of type int",
        "PUT|/v1/catalog/register|[1]|400|Request decode failed: json: cannot unmarshal array into Go value of type RegisterRequest",
        "PUT|/v1/session/create|{\"TTL\":\"ten\"}|400|Request decode failed: time: invalid duration \"ten\"",
        "PUT|/v1/txn|{\"KV\":{}}|400|Failed to parse body: json: cannot unmarshal object into Go value of type api.TxnOps",
        "PUT|/v1/txn|[{\"KV\":{\"Verb\":\"set\",\"Key\":\"k\",\"Value\":\"%%%\"}}]|400|PREFIX:Failed to parse body: illegal base64 data",
        "PUT|/v1/agent/service/register|nope|400|PREFIX:Request decode failed: invalid JSON",
        "PUT|/v1/agent/check/update/service:web-1|{\"Status\":\"bad\"}|400|Invalid check status: 'bad'",
        "PUT|/v1/agent/maintenance|-|400|Missing value for enable",
        "PUT|/v1/agent/maintenance?enable=maybe|-|400|Invalid value for enable: \"maybe\"",
        "GET|/v1/agent/monitor?loglevel=loud|-|400|Unknown log level: loud",
        "GET|/v1/health/state/sick|-|400|Invalid check state: 'sick'",
        "PUT|/v1/kv/a|-|405|SKIP",
        "POST|/v1/kv/a|-|405|method POST not allowed",
        "GET|/v1/catalog/register|-|405|method GET not allowed",
        "GET|/v1/nothing/here|-|404|404 page not found\\n",
        "GET|/v2/kv/a|-|404|404 page not found\\n",
    })
    void refusedWithConsulsAnswer(String method, String path, String body, int status, String text) {
        if (text.equals("SKIP")) {
            // PUT without a body is a valid empty value: it must reach the endpoint.
            assertThat(http.put(path, "").statusCode()).isEqualTo(200);
            return;
        }
        HttpResponse<String> response = http.send(method, path.replace(" ", "%20"), body.equals("-") ? null : body);
        assertThat(response.statusCode()).isEqualTo(status);
        if (text.startsWith("PREFIX:")) {
            assertThat(response.body()).startsWith(text.substring("PREFIX:".length()));
        } else {
            assertThat(response.body()).isEqualTo(text.replace("\\n", "\n"));
        }
        assertThat(http.fake.calls).isEmpty();
    }
}
