package io.muster.kernel.rpc;

import io.muster.spi.api.ApiException;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.WriteOptions;

import java.util.concurrent.CompletableFuture;

/**
 * Calls for another datacenter ({@code ?dc=}) fail as Consul's do when no WAN route exists: Muster does not
 * federate datacenters yet, so answering from this one would silently hand out the wrong data.
 */
public final class DatacenterGuard {
    static final String NO_PATH = "No path to datacenter";

    private DatacenterGuard() {
    }

    public static CallTarget onlyIn(String datacenter, CallTarget target) {
        return (method, args) -> {
            for (Object arg : args) {
                String asked = arg instanceof QueryOptions q ? q.datacenter()
                        : arg instanceof WriteOptions w ? w.datacenter() : null;
                if (asked != null && !asked.isEmpty() && !asked.equalsIgnoreCase(datacenter)) {
                    return CompletableFuture.failedFuture(new ApiException(ApiException.Kind.INTERNAL, NO_PATH));
                }
            }
            return target.invoke(method, args);
        };
    }
}
