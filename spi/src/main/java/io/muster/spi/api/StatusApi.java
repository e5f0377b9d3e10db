package io.muster.spi.api;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The status endpoint ({@code /v1/status}). Addresses are the servers' RPC addresses, {@code ip:port}. */
public interface StatusApi {
    /** The leader's RPC address, or "" when there is none. */
    CompletionStage<String> leader();

    CompletionStage<List<String>> peers();
}
