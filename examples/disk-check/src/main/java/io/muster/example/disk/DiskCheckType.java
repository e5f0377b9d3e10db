package io.muster.example.disk;

import io.muster.spi.check.CheckEnvironment;
import io.muster.spi.check.CheckProbe;
import io.muster.spi.check.CheckResult;
import io.muster.spi.check.CheckType;
import io.muster.spi.model.CheckDefinition;
import org.pf4j.Extension;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * A third-party check type, built only against Muster's spi: {@code disk_path} names a path whose file store is
 * checked, {@code disk_min_free_percent} (default 10) the free space below which the check is critical. Within
 * {@link #WARNING_MARGIN} points above the threshold it is warning.
 *
 * <pre>{"check": {"id": "disk-root", "name": "Root disk", "disk_path": "/", "disk_min_free_percent": 15, "interval": "30s"}}</pre>
 */
@Extension
public class DiskCheckType implements CheckType {
    static final double DEFAULT_MIN_FREE_PERCENT = 10;
    static final double WARNING_MARGIN = 5;

    @Override
    public String name() {
        return "disk";
    }

    @Override
    public boolean accepts(CheckDefinition definition) {
        return definition.option("disk_path").isPresent();
    }

    @Override
    public void validate(CheckDefinition definition, CheckEnvironment environment, boolean fromLocalConfig) {
        if (definition.interval() == null || definition.interval().isZero() || definition.interval().isNegative()) {
            throw new IllegalArgumentException("check \"" + definition.name() + "\": disk checks need an interval, e.g. \"30s\"");
        }
        if (definition.stringOption("disk_path").isEmpty()) {
            throw new IllegalArgumentException("check \"" + definition.name() + "\": disk_path must name a path, e.g. \"/var\"");
        }
        minFreePercent(definition);
    }

    static double minFreePercent(CheckDefinition definition) {
        Object raw = definition.option("disk_min_free_percent").orElse(DEFAULT_MIN_FREE_PERCENT);
        double value;
        try {
            value = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("check \"" + definition.name() + "\": disk_min_free_percent must be a number "
                    + "between 0 and 100, got \"" + raw + "\"", e);
        }
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException("check \"" + definition.name() + "\": disk_min_free_percent must be between 0 "
                    + "and 100, got " + raw);
        }
        return value;
    }

    @Override
    public CheckProbe create(CheckDefinition definition, CheckEnvironment environment) {
        Path path = Path.of(definition.stringOption("disk_path").orElseThrow());
        double threshold = minFreePercent(definition);
        // Statting a file store can hang on a dead network mount: keep it off the scheduler thread.
        return () -> CompletableFuture.supplyAsync(() -> probe(path, threshold), environment.blockingExecutor());
    }

    static CheckResult probe(Path path, double threshold) {
        try {
            FileStore store = Files.getFileStore(path);
            return verdict(path, store.getUsableSpace(), store.getTotalSpace(), threshold);
        } catch (IOException | SecurityException e) {
            return CheckResult.critical("Cannot read free space of " + path + ": " + e);
        }
    }

    static CheckResult verdict(Path path, long usable, long total, double threshold) {
        double freePercent = total <= 0 ? 0 : 100.0 * usable / total;
        String output = String.format(Locale.ROOT, "%s: %.1f%% free (%d of %d MiB), minimum %.1f%%",
                path, freePercent, usable >> 20, total >> 20, threshold);
        if (freePercent < threshold) {
            return CheckResult.critical(output);
        }
        if (freePercent < threshold + WARNING_MARGIN) {
            return CheckResult.warning(output);
        }
        return CheckResult.passing(output);
    }
}
