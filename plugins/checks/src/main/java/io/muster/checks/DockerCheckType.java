package io.muster.checks;

import io.muster.spi.check.CheckType;
import org.pf4j.Extension;

/** Consul's {@code docker_container_id} checks: recognised and refused with a clear message. */
@Extension
public final class DockerCheckType extends UnsupportedCheckType implements CheckType {
    public DockerCheckType() {
        super("docker", "docker_container_id");
    }
}
