package io.muster.kernel.host;

import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginRuntimeException;
import org.pf4j.SingletonExtensionFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PF4J's manager, made strict: PF4J logs and skips a plugin that fails to load, which would leave a half-started
 * agent. Here the first failure aborts with the plugin's path. Extensions are singletons so that every lookup
 * sees the same frontend or check type instance.
 */
final class StrictPluginManager extends DefaultPluginManager {
    StrictPluginManager(Path pluginsRoot) {
        super(pluginsRoot);
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        return new SingletonExtensionFactory(this);
    }

    /** Loads every plugin under the root; throws on the first that cannot be loaded or whose dependencies fail. */
    void loadAllStrictly() throws PluginLoadException {
        List<Path> paths = new ArrayList<>(pluginRepository.getPluginPaths());
        paths.sort(null);
        for (Path path : paths) {
            try {
                loadPluginFromPath(path);
            } catch (RuntimeException e) {
                throw new PluginLoadException("cannot load plugin " + path + ": " + rootMessage(e)
                        + " (remove or replace the file, then start the agent again)", e);
            }
        }
        try {
            resolvePlugins();
        } catch (PluginRuntimeException e) {
            throw new PluginLoadException("cannot resolve plugin dependencies under " + getPluginsRoots() + ": "
                    + rootMessage(e), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null && !sb.toString().contains(t.getMessage())) {
                sb.append(": ").append(t.getMessage());
            }
        }
        return sb.toString();
    }
}
