package io.muster.spi.api;

import io.muster.spi.model.ServiceHealth;

import java.time.Duration;
import java.util.List;

/**
 * The answer of a prepared query: the service, its healthy instances (filtered and ordered), the DNS TTL the
 * query asks for (null when unset), the datacenter that answered and how many failover datacenters were tried.
 */
public record PreparedQueryExecution(String service, List<ServiceHealth> nodes, Duration dnsTtl, String datacenter,
                                     int failovers) {
    public PreparedQueryExecution {
        nodes = List.copyOf(nodes);
    }
}
