package io.muster.kernel.endpoint;

/** Who this agent is, as the data plane needs it: session defaults, datacenter listing, self-protection. */
public record NodeIdentity(String nodeName, String nodeId, String datacenter, String rpcAddress) {
}
