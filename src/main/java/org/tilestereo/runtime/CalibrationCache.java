package org.tilestereo.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tilestereo.models.Sha256;
import org.tilestereo.io.OutputFile;

/**
 * The INT8 calibration table TensorRT writes after an entropy calibration, kept so that the next
 * build of the same network from the same images skips calibrating. The file is named after the
 * model, the TensorRT version, the calibration shape and where the images came from; an empty or
 * unreadable file counts as absent (TensorRT then calibrates again and the file is rewritten).
 */
public final class CalibrationCache {
    private final Path file;

    public CalibrationCache(Path folder, String modelSha256, String tensorRtVersion, InputShape shape, String sourceId) {
        String id = Sha256.of((tensorRtVersion + "|" + shape + "|" + sourceId).getBytes(StandardCharsets.UTF_8));
        this.file = folder.resolve(modelSha256.substring(0, 12) + "-" + id.substring(0, 16) + ".calibration");
    }

    public Path file() {
        return file;
    }

    public Optional<byte[]> read() {
        try {
            byte[] b = Files.readAllBytes(file);
            return b.length == 0 ? Optional.empty() : Optional.of(b);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void write(byte[] table) throws IOException {
        if (table.length == 0) {
            throw new IllegalArgumentException("calibration table is empty");
        }
        Files.createDirectories(file.getParent());
        OutputFile.writeBytes(file, table);
    }
}
