package org.tilestereo.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.tilestereo.io.InputException;
import org.tilestereo.io.OutputFile;
import org.tilestereo.models.Sha256;

/**
 * What a cluster job finished, kept in its output folder ({@value #NAME}): each result's name, size
 * and SHA-256. A rerun of the job skips the results the manifest vouches for (same size and hash now)
 * and converts the rest, so a job cut short (a lost driver, a killed cluster) finishes where it
 * stopped. Results are written under a temporary name and renamed (OutputFile), so a retried or
 * speculative task never leaves a partial one; the manifest is written the same way.
 */
final class Manifest {
    static final String NAME = ".tilestereo-cluster-manifest.tsv";

    record Entry(long size, String sha256) {
    }

    private final Path folder;
    private final Map<String, Entry> entries = new TreeMap<>();

    private Manifest(Path folder) {
        this.folder = folder;
    }

    /** The folder's manifest, empty where there is none (or an unreadable line, which is left out). */
    static Manifest of(Path folder) throws IOException {
        Manifest m = new Manifest(folder);
        Path file = folder.resolve(NAME);
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length == 3) {
                    try {
                        m.entries.put(f[0], new Entry(Long.parseLong(f[1]), f[2]));
                    } catch (NumberFormatException e) {
                        // not ours: that result is converted again
                    }
                }
            }
        }
        return m;
    }

    /** Whether the result is there and is what the manifest recorded. */
    boolean vouchesFor(Path result) throws IOException {
        Entry e = entries.get(result.getFileName().toString());
        return e != null && Files.isRegularFile(result) && Files.size(result) == e.size() && Sha256.of(result).equals(e.sha256());
    }

    /** Records a finished result as it is now. */
    void record(Path result) throws IOException {
        entries.put(result.getFileName().toString(), new Entry(Files.size(result), Sha256.of(result)));
    }

    void write() throws IOException {
        StringBuilder b = new StringBuilder();
        entries.forEach((name, e) -> b.append(name).append('\t').append(e.size()).append('\t').append(e.sha256()).append('\n'));
        try {
            OutputFile.writeString(folder.resolve(NAME), b.toString(), true);
        } catch (InputException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
