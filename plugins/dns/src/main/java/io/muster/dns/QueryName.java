package io.muster.dns;

import java.net.InetAddress;
import java.util.Optional;

/**
 * What a question's name asks for, as Consul's DNS interface reads it
 * (https://developer.hashicorp.com/consul/docs/services/discovery/dns-static-lookups). Service, node and tag
 * names keep the case the client sent; keywords and datacenters compare case-insensitively.
 */
sealed interface QueryName {

    /** Where a lookup runs: {@code datacenter} is lower case, "" for the agent's own; {@code peer} "" unless {@code .peer}. */
    record Locality(String datacenter, String peer) {
        static final Locality LOCAL = new Locality("", "");
    }

    /** {@code [TAG.]NAME.service[.DC].DOMAIN} or RFC 2782 {@code _NAME._TAG.service[.DC].DOMAIN}; {@code tag} "" = any. */
    record Service(String service, String tag, Locality locality) implements QueryName {
    }

    /** {@code NODE.node[.DC].DOMAIN}. */
    record NodeName(String node, Locality locality) implements QueryName {
    }

    /** {@code HEX.addr[.DC].DOMAIN}: 8 hex digits for IPv4, 32 for IPv6 (validated when answering). */
    record Addr(String hex, Locality locality) implements QueryName {
    }

    /** {@code connect}, {@code ingress}, {@code virtual} and prepared {@code query} lookups, not served yet. */
    record Unsupported(String kind) implements QueryName {
    }

    /** A name inside the domain that matches no form. */
    /** {@code NAME.query[.DC].DOMAIN}: a prepared query by id or name (templates match name prefixes). */
    record PreparedQuery(String query, Locality locality) implements QueryName {
    }

    record Invalid() implements QueryName {
    }

    /** A name under {@code arpa.}; the address is empty when the name does not spell one. */
    record Reverse(Optional<InetAddress> address) implements QueryName {
    }

    /** A name outside the domain, the alternate domain and {@code arpa.}: forwarded to the recursors. */
    record Outside() implements QueryName {
    }
}
