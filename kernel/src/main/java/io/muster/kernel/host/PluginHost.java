package io.muster.kernel.host;

import io.muster.spi.model.PluginInfo;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads the PF4J plugins of one directory, starts them in dependency order, hands out their extensions by
 * extension point, and stops them in reverse order (PF4J 3.15's own stopPlugins order is wrong, pf4j#656).
 */
public final class PluginHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("plugins");

    private final StrictPluginManager manager;
    private final List<String> started = new ArrayList<>();

    private PluginHost(StrictPluginManager manager) {
        this.manager = manager;
    }

    /**
     * Loads and starts every plugin under {@code pluginsDir} (jar, zip, or directory). A missing directory is an
     * agent with no plugins. Any plugin that fails stops the whole load: the ones already started are stopped.
     */
    public static PluginHost start(Path pluginsDir) throws PluginLoadException {
        Path root = pluginsDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            log.warn("plugin directory {} does not exist: the agent runs with no plugins (no HTTP API, no DNS)", root);
        }
        StrictPluginManager manager = new StrictPluginManager(root);
        PluginHost host = new PluginHost(manager);
        if (Files.isDirectory(root)) {
            manager.loadAllStrictly();
            try {
                host.startInDependencyOrder();
            } catch (PluginLoadException e) {
                host.close();
                throw e;
            }
        }
        return host;
    }

    private void startInDependencyOrder() throws PluginLoadException {
        // getResolvedPlugins() is in dependency order (dependencies first).
        for (PluginWrapper plugin : manager.getResolvedPlugins()) {
            String id = plugin.getPluginId();
            PluginState state;
            try {
                state = manager.startPlugin(id);
            } catch (RuntimeException e) {
                throw new PluginLoadException("plugin " + id + " failed to start: " + StrictPluginManager.rootMessage(e), e);
            }
            if (state != PluginState.STARTED) {
                Throwable cause = plugin.getFailedException();
                throw new PluginLoadException("plugin " + id + " (" + plugin.getPluginPath() + ") did not start, state "
                        + state + (cause == null ? "" : ": " + StrictPluginManager.rootMessage(cause)), cause);
            }
            started.add(id);
            log.info("plugin {} {} started from {}", id, plugin.getDescriptor().getVersion(), plugin.getPluginPath());
        }
    }

    /** Every extension of a point, from every started plugin, in plugin load order. */
    public <T> List<T> extensions(Class<T> point) {
        return Collections.unmodifiableList(manager.getExtensions(point));
    }

    /** The id of the plugin that provides an extension instance. */
    public String pluginIdOf(Object extension) {
        PluginWrapper wrapper = manager.whichPlugin(extension.getClass());
        return wrapper == null ? "kernel" : wrapper.getPluginId();
    }

    /**
     * The single provider of an exclusive extension point (consensus, membership, transport, state store).
     * {@code selection} maps point names to plugin ids ({@code "plugins": {"consensus": "raft"}} in config).
     * Several providers and no selection is an error that names them and the key to set.
     */
    public <T> Optional<T> exclusive(Class<T> point, String pointName, Map<String, String> selection)
            throws PluginLoadException {
        List<T> candidates = extensions(point);
        String chosen = selection.get(pointName);
        if (chosen != null) {
            for (T candidate : candidates) {
                if (pluginIdOf(candidate).equals(chosen)) {
                    return Optional.of(candidate);
                }
            }
            throw new PluginLoadException("config plugins." + pointName + " = \"" + chosen + "\" but no loaded plugin "
                    + "of that id provides " + point.getSimpleName() + "; providers: " + ids(candidates));
        }
        if (candidates.size() > 1) {
            throw new PluginLoadException("several plugins provide " + point.getSimpleName() + ": " + ids(candidates)
                    + "; choose one with the config key plugins." + pointName);
        }
        return candidates.stream().findFirst();
    }

    /**
     * Extensions of an additive point (frontends, check types, web assets), minus those whose plugin a selection
     * excludes: with {@code plugins.<point>} set to a comma-separated list of plugin ids, only those are used.
     */
    public <T> List<T> additive(Class<T> point, String pointName, Map<String, String> selection,
                                Function<T, String> describe) throws PluginLoadException {
        List<T> all = extensions(point);
        String chosen = selection.get(pointName);
        if (chosen == null) {
            return all;
        }
        List<String> wanted = List.of(chosen.split("\\s*,\\s*"));
        List<T> picked = new ArrayList<>();
        for (T extension : all) {
            if (wanted.contains(pluginIdOf(extension))) {
                picked.add(extension);
            }
        }
        for (String id : wanted) {
            if (picked.stream().noneMatch(e -> pluginIdOf(e).equals(id))) {
                throw new PluginLoadException("config plugins." + pointName + " names plugin \"" + id
                        + "\" but it provides no " + point.getSimpleName() + "; providers: "
                        + all.stream().map(e -> pluginIdOf(e) + " (" + describe.apply(e) + ")").toList());
            }
        }
        return picked;
    }

    private List<String> ids(List<?> extensions) {
        return extensions.stream().map(this::pluginIdOf).toList();
    }

    /** The loaded plugins with versions and the extension points each provides. */
    public List<PluginInfo> plugins() {
        List<PluginInfo> infos = new ArrayList<>();
        for (PluginWrapper plugin : manager.getPlugins()) {
            List<String> points = new ArrayList<>();
            for (Class<?> ext : manager.getExtensionClasses(plugin.getPluginId())) {
                for (Class<?> iface : ext.getInterfaces()) {
                    if (iface.getName().startsWith("io.muster.spi.")) {
                        points.add(iface.getSimpleName());
                    }
                }
            }
            infos.add(new PluginInfo(plugin.getPluginId(), plugin.getDescriptor().getVersion(),
                    plugin.getPluginState().toString(), points.stream().distinct().sorted().toList()));
        }
        return List.copyOf(infos);
    }

    /** The class loader of the plugin providing an extension (for thread-context class loader switches). */
    public ClassLoader classLoaderOf(Object extension) {
        return extension.getClass().getClassLoader();
    }

    /** Stops started plugins in reverse start order. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            String id = started.get(i);
            try {
                manager.stopPlugin(id);
            } catch (RuntimeException e) {
                log.warn("plugin {} failed to stop cleanly: {}", id, e.toString());
            }
        }
        started.clear();
        manager.unloadPlugins();
    }
}
