package org.tilestereo.models;

import org.tilestereo.io.CacheFolders;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.tilestereo.plan.replica.Replicas;

/**
 * What --model means: an existing file is used as it is; a registry name is fetched into the model
 * cache (or taken from it); a replica name (replica:vits) is built into the replica cache once; anything else is handed back for the runtime to report as missing,
 * unless it looks like a name, which gets the list of names.
 */
public final class ModelFiles {
    private static final Pattern NAME_LIKE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)+");

    private final ModelRegistry registry;
    private final ModelDownloader downloader;
    private final Path cacheFolder;

    public ModelFiles(ModelRegistry registry, ModelDownloader downloader, Path cacheFolder) {
        this.registry = registry;
        this.downloader = downloader;
        this.cacheFolder = cacheFolder;
    }

    /** The registry, downloader and cache folder a run uses by default (cacheFolder null: the default). */
    public static ModelFiles standard(Path cacheFolder, PrintStream log) {
        return new ModelFiles(ModelRegistry.builtIn(), new ModelDownloader(log), CacheFolders.models(cacheFolder));
    }

    public Path resolve(Path given) throws DownloadException {
        if (Files.exists(given)) {
            return given;
        }
        String text = given.toString();
        if (Replicas.isReplicaName(text)) {
            try {
                return Replicas.resolve(text, Replicas.defaultCacheDir());
            } catch (IllegalArgumentException e) {
                throw new DownloadException("--model " + text + ": " + e.getMessage());
            } catch (java.io.IOException e) {
                throw new DownloadException("--model " + text + ": cannot write the replica to " + Replicas.defaultCacheDir()
                        + " (" + e.getMessage() + ")");
            }
        }
        var named = registry.find(text);
        if (named.isPresent()) {
            return downloader.fetch(named.get(), cacheFolder);
        }
        if (NAME_LIKE.matcher(text).matches()) {
            throw new DownloadException("--model " + text + ": neither a file nor a model name; the named models are "
                    + String.join(", ", registry.names()) + ", the replicas " + String.join(", ", Replicas.names())
                    + "; or pass an ONNX file");
        }
        return given;
    }

    public Path cacheFolder() {
        return cacheFolder;
    }
}
