package org.tilestereo.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tilestereo.depth.DepthException;
import org.tilestereo.plan.replica.Replicas;

/** What a --model argument names: an ONNX file, or a synthetic replica ("replica:vits") built on first use. */
public final class ModelFiles {
    private ModelFiles() {
    }

    public static Path resolve(String name) throws DepthException {
        if (Replicas.isReplicaName(name)) {
            try {
                return Replicas.resolve(name, Replicas.defaultCacheDir());
            } catch (IllegalArgumentException e) {
                throw new DepthException("--model " + name + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new DepthException("--model " + name + ": cannot write the replica to "
                        + Replicas.defaultCacheDir() + " (" + e.getMessage() + ")", e);
            }
        }
        Path file = Path.of(name);
        if (!Files.isRegularFile(file)) {
            throw new DepthException("model " + name + ": no such file (give an .onnx file or one of "
                    + String.join(", ", Replicas.names()) + ")");
        }
        return file;
    }
}
