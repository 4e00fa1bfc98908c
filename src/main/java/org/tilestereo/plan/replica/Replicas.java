package org.tilestereo.plan.replica;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.tilestereo.plan.replica.DepthAnythingV2Replica.Variant;
import org.tilestereo.io.OutputFile;

/**
 * Model names of the form "replica:vits" (or "replica:vits:SEED") stand for a Depth Anything V2
 * replica, written once into a cache folder and reused from there.
 */
public final class Replicas {
    public static final String PREFIX = "replica:";
    public static final long DEFAULT_SEED = 0;
    /** Goes into the file name; raise it when the graph or its weights change so old files are not reused. */
    static final int REVISION = 1;

    private Replicas() {
    }

    public static boolean isReplicaName(String name) {
        return name != null && name.startsWith(PREFIX);
    }

    /** The names {@link #resolve} accepts without a seed. */
    public static List<String> names() {
        return Arrays.stream(Variant.values()).map(v -> PREFIX + v.id()).toList();
    }

    /** The replicas folder of the cache root (see CacheFolders: TILESTEREO_CACHE, XDG_CACHE_HOME or ~/.cache). */
    public static Path defaultCacheDir() {
        return org.tilestereo.io.CacheFolders.replicas();
    }

    /**
     * The model file for a replica name, written into cacheDir if it is not there yet. The file
     * appears complete or not at all (written to a temporary file, then renamed), so a crashed or
     * concurrent writer never leaves a half model behind.
     */
    public static Path resolve(String name, Path cacheDir) throws IOException {
        Variant variant;
        long seed = DEFAULT_SEED;
        String[] parts = name == null || !name.startsWith(PREFIX) ? null : name.substring(PREFIX.length()).split(":", -1);
        try {
            if (parts == null || parts.length > 2) {
                throw invalid(name);
            }
            variant = Variant.fromId(parts[0]);
            if (parts.length == 2) {
                seed = Long.parseLong(parts[1]);
                if (seed < 0) {
                    throw invalid(name);
                }
            }
        } catch (IllegalArgumentException e) {
            throw invalid(name);
        }
        Path file = cacheDir.resolve(variant.id() + "-" + seed + "-r" + REVISION + ".onnx");
        var model = DepthAnythingV2Replica.build(variant, seed);
        // A file of another size is not ours (or was cut short outside our rename): write it anew.
        if (Files.isRegularFile(file) && Files.size(file) == model.encodedSize()) {
            return file;
        }
        Files.createDirectories(cacheDir);
        // Through the one atomic-write helper: the file gets the umask's permissions (not a private
        // temporary's 0600) and an interrupted write leaves nothing behind.
        try (OutputFile out = OutputFile.begin(file, true)) {
            model.writeTo(out.temp());
            out.commit();
        } catch (org.tilestereo.io.InputException e) {
            throw new IOException(e.getMessage(), e);
        }
        return file;
    }

    private static IllegalArgumentException invalid(String name) {
        return new IllegalArgumentException("unknown replica model '" + name + "'; valid names: "
                + String.join(", ", names()) + " (optionally with :SEED, e.g. " + names().get(0) + ":7)");
    }
}
