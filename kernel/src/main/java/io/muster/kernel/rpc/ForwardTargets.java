package io.muster.kernel.rpc;

import io.muster.spi.api.ApiException;

import java.util.List;

/** The servers a {@link Forwarder} may send a call to, preferred first. */
public interface ForwardTargets {
    /** Candidates in the order to try them; empty when none is known. */
    List<String> candidates();

    /** Tells that a call to {@code address} failed in the transport: later calls prefer another server. */
    void failed(String address);

    /** The error when there is no candidate at all. */
    ApiException none();
}
