package org.tilestereo.io;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where tilestereo keeps what it downloads or builds: {@code <root>/models} for model files,
 * {@code <root>/replicas} for synthetic replicas and {@code <root>/engines} for TensorRT engines. The root is the environment variable
 * {@value #ENV}, else {@code $XDG_CACHE_HOME/tilestereo}, else {@code ~/.cache/tilestereo}.
 */
public final class CacheFolders {
    public static final String ENV = "TILESTEREO_CACHE";

    private CacheFolders() {
    }

    public static Path root() {
        return root(System.getenv(), System.getProperty("user.home"));
    }

    static Path root(Map<String, String> env, String home) {
        String own = env.get(ENV);
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "tilestereo");
        }
        return Path.of(home, ".cache", "tilestereo");
    }

    /** The model folder: the given one, or the default under {@link #root()}. */
    public static Path models(Path given) {
        return given != null ? given : root().resolve("models");
    }

    /** The folder of the synthetic replica models, built on first use. */
    public static Path replicas() {
        return root().resolve("replicas");
    }

    /** The engine folder: the given one, or the default under {@link #root()}. */
    public static Path engines(Path given) {
        return given != null ? given : root().resolve("engines");
    }
}
