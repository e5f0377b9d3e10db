package io.muster.spi.membership;

import io.muster.spi.ConfigView;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What the kernel hands a membership provider at start. */
public interface MembershipContext {
    ConfigView config();

    String nodeName();

    /** Tags this node gossips (role, dc, build, port, id, ...). */
    Map<String, String> tags();

    MembershipListener listener();

    Optional<Path> dataDir();
}
