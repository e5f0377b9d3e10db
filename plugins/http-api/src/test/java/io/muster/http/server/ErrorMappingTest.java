package io.muster.http.server;

import io.muster.spi.api.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorMappingTest {
    @ParameterizedTest
    @CsvSource({"BAD_REQUEST,400", "PERMISSION_DENIED,403", "NOT_FOUND,404", "CONFLICT,409", "TOO_LARGE,413",
            "TOO_MANY_REQUESTS,429", "INTERNAL,500", "UNAVAILABLE,503"})
    void apiExceptionKindsMapToConsulStatuses(ApiException.Kind kind, int status) {
        ApiResponse response = HttpApiServer.errorResponse(new CompletionException(new ApiException(kind, "why")));
        assertThat(response.status()).isEqualTo(status);
        assertThat(new String(response.raw(), StandardCharsets.UTF_8)).isEqualTo("why");
    }

    @ParameterizedTest
    @CsvSource({"400,Invalid index", "413,too big"})
    void httpErrorsKeepTheirStatusAndText(int status, String text) {
        ApiResponse response = HttpApiServer.errorResponse(new HttpError(status, text));
        assertThat(response.status()).isEqualTo(status);
        assertThat(new String(response.raw(), StandardCharsets.UTF_8)).isEqualTo(text);
    }
}
