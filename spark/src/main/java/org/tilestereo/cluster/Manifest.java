package org.tilestereo.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.tilestereo.models.Sha256;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cluster job finished, kept in its output folder ({@value #NAME}): each result's name
 * (relative to the folder: a photo's or video's result, or a segment file of a video not yet joined),
 * size and SHA-256. A rerun of the job skips what the manifest vouches for (there, same size and hash
 * now) and converts the rest, so a job cut short (a lost driver, a killed cluster) finishes where it
 * stopped. The manifest also keeps a hash of the job's options: a rerun with other options vouches for
 * nothing and converts everything again. Results are published under a temporary name and renamed ({@link Storage#publish}), so a
 * retried or speculative task never leaves a partial one; the manifest is written the same way.
 */
final class Manifest {
    static final String NAME = ".tilestereo-cluster-manifest.tsv";
    /** The first line: the SHA-256 of the job's convert options. */
    private static final String OPTIONS = "#options\t";

    record Entry(long size, String sha256) {
    }

    private final Storage storage;
    private final String folder;
    private final Map<String, Entry> entries = new TreeMap<>();
    /** Names this job has found intact or recorded. */
    private final java.util.Set<String> checked = new java.util.HashSet<>();
    private final String options;

    private Manifest(Storage storage, String folder, String options) {
        this.storage = storage;
        this.folder = folder;
        this.options = Sha256.of(options.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The folder's manifest for a job with these options: empty where there is none, or where it was
     * written for other options (an unreadable line is left out).
     */
    static Manifest of(Storage storage, String folder, String options) throws IOException {
        Manifest m = new Manifest(storage, folder, options);
        String file = Storage.child(folder, NAME);
        if (storage.exists(file)) {
            String[] lines = storage.readString(file).split("\n");
            if (lines.length == 0 || !lines[0].equals(OPTIONS + m.options)) return m;
            for (String line : lines) {
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

    /**
     * Whether the result (a name relative to the folder) is there and is what the manifest recorded.
     * Checked once per job: a result this job has checked or recorded is not read again (a film's
     * segments would otherwise be hashed once when published and again before the join).
     */
    boolean vouchesFor(String name) throws IOException {
        if (checked.contains(name)) return true;
        Entry e = entries.get(name);
        String uri = Storage.child(folder, name);
        boolean ok = e != null && storage.exists(uri) && storage.size(uri) == e.size() && storage.sha256(uri).equals(e.sha256());
        if (ok) checked.add(name);
        return ok;
    }

    /** Records a finished result as it is now. */
    void record(String name) throws IOException {
        String uri = Storage.child(folder, name);
        entries.put(name, new Entry(storage.size(uri), storage.sha256(uri)));
        checked.add(name);
    }

    void forget(String name) {
        entries.remove(name);
        checked.remove(name);
    }

    void write() throws IOException {
        StringBuilder b = new StringBuilder(OPTIONS).append(options).append('\n');
        entries.forEach((name, e) -> b.append(name).append('\t').append(e.size()).append('\t').append(e.sha256()).append('\n'));
        storage.writeString(Storage.child(folder, NAME), b.toString());
    }
}
