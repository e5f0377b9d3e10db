package io.muster.checks;

import io.muster.spi.check.CheckType;
import org.pf4j.Extension;

/** Consul's {@code grpc} checks: recognised and refused with a clear message. */
@Extension
public final class GrpcCheckType extends UnsupportedCheckType implements CheckType {
    public GrpcCheckType() {
        super("grpc", "grpc");
    }
}
