package io.muster.cli.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command that talks to the agent. Registers Consul's HTTP API flags (and, for commands that read server
 * state, -datacenter and -stale) and builds the client from them and the CONSUL_* / MUSTER_* environment.
 */
public abstract class ApiCommand extends BaseCommand {
    private final FlagSet.Flag<String> httpAddr;
    private final FlagSet.Flag<String> token;
    private final FlagSet.Flag<String> tokenFile;
    private final FlagSet.Flag<String> caFile;
    private final FlagSet.Flag<String> caPath;
    private final FlagSet.Flag<String> clientCert;
    private final FlagSet.Flag<String> clientKey;
    private final FlagSet.Flag<String> tlsServerName;
    private final FlagSet.Flag<String> datacenter;
    private final FlagSet.Flag<Boolean> stale;

    /** @param serverFlags whether -datacenter and -stale apply (Consul's "HTTP API Options" for server reads) */
    protected ApiCommand(boolean serverFlags) {
        flags.section("HTTP API Options");
        caFile = flags.string("ca-file", "", "Path to a CA file to use for TLS when communicating with Consul. "
                + "This can also be specified via the CONSUL_CACERT environment variable.");
        caPath = flags.string("ca-path", "", "Path to a directory of CA certificates to use for TLS when "
                + "communicating with Consul. This can also be specified via the CONSUL_CAPATH environment "
                + "variable.");
        clientCert = flags.string("client-cert", "", "Path to a client cert file to use for TLS when "
                + "'verify_incoming' is enabled. This can also be specified via the CONSUL_CLIENT_CERT "
                + "environment variable.");
        clientKey = flags.string("client-key", "", "Path to a client key file to use for TLS when "
                + "'verify_incoming' is enabled. This can also be specified via the CONSUL_CLIENT_KEY "
                + "environment variable.");
        httpAddr = flags.string("http-addr", "", "<address>", "The `address` and port of the Consul HTTP agent. "
                + "The value can be an IP address or DNS address, but it must also include the port. This can "
                + "also be specified via the CONSUL_HTTP_ADDR (or MUSTER_HTTP_ADDR) environment variable. The "
                + "default value is http://127.0.0.1:8500. The scheme can also be set to HTTPS by setting the "
                + "environment variable CONSUL_HTTP_SSL=true.");
        tlsServerName = flags.string("tls-server-name", "", "The server name to use as the SNI host when "
                + "connecting via TLS. This can also be specified via the CONSUL_TLS_SERVER_NAME environment "
                + "variable.");
        token = flags.string("token", "", "ACL token to use in the request. This can also be specified via the "
                + "CONSUL_HTTP_TOKEN environment variable. If unspecified, the query will default to the token "
                + "of the Consul agent at the HTTP address.");
        tokenFile = flags.string("token-file", "", "File containing the ACL token to use in the request instead "
                + "of one specified via the -token argument or CONSUL_HTTP_TOKEN environment variable. This can "
                + "also be specified via the CONSUL_HTTP_TOKEN_FILE environment variable.");
        if (serverFlags) {
            datacenter = flags.string("datacenter", "", "Name of the datacenter to query. If unspecified, this "
                    + "will default to the datacenter of the queried agent.");
            stale = flags.bool("stale", "Permit any Consul server (non-leader) to respond to this request. This "
                    + "allows for lower latency and higher throughput, but can result in stale data. This option "
                    + "has no effect on non-read operations. The default value is false.");
        } else {
            datacenter = null;
            stale = null;
        }
        flags.section("Command Options");
    }

    /** The agent's address as flags and environment give it. */
    protected AgentAddress address(Io io) throws UsageException {
        String raw = firstNonEmpty(httpAddr.get(), io.env("MUSTER_HTTP_ADDR"), io.env("CONSUL_HTTP_ADDR"),
                AgentAddress.DEFAULT);
        return AgentAddress.parse(raw, io.env("CONSUL_HTTP_SSL").equalsIgnoreCase("true"));
    }

    protected ApiClient client(Io io) throws UsageException, CliException {
        Map<String, String> query = new LinkedHashMap<>();
        if (datacenter != null && !datacenter.get().isEmpty()) {
            query.put("dc", datacenter.get());
        }
        if (stale != null && stale.get()) {
            query.put("stale", "");
        }
        TlsSettings tls = new TlsSettings(
                firstNonEmpty(caFile.get(), io.env("CONSUL_CACERT")),
                firstNonEmpty(caPath.get(), io.env("CONSUL_CAPATH")),
                firstNonEmpty(clientCert.get(), io.env("CONSUL_CLIENT_CERT")),
                firstNonEmpty(clientKey.get(), io.env("CONSUL_CLIENT_KEY")),
                firstNonEmpty(tlsServerName.get(), io.env("CONSUL_TLS_SERVER_NAME")),
                !io.env("CONSUL_HTTP_SSL_VERIFY").equalsIgnoreCase("false"));
        return new ApiClient(address(io), token(io), query, tls);
    }

    private String token(Io io) throws CliException {
        if (!token.get().isEmpty()) {
            return token.get();
        }
        String file = firstNonEmpty(tokenFile.get(), io.env("CONSUL_HTTP_TOKEN_FILE"));
        if (!file.isEmpty()) {
            try {
                return Files.readString(io.resolve(file), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new CliException("Error reading token file " + file + ": " + e.getMessage());
            }
        }
        return io.env("CONSUL_HTTP_TOKEN");
    }

    /** The datacenter given with -datacenter, or empty. */
    protected String datacenter() {
        return datacenter == null ? "" : datacenter.get();
    }

    protected static String firstNonEmpty(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return "";
    }

    /** Reads a file named on the command line, relative to the working directory. */
    protected static byte[] readFile(Io io, String name) throws CliException {
        Path path = io.resolve(name);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new CliException("Failed to read file " + path + ": " + e.getMessage());
        }
    }
}
