package org.tilestereo.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.tilestereo.models.Sha256;

/**
 * The job's files on shared storage, through Hadoop's FileSystem: a plain path or {@code file://} on
 * one machine or a shared mount, {@code hdfs://} or {@code s3a://} on a cluster (s3a needs the
 * hadoop-aws jar and its credentials on the classpath, as any Spark job does). FFmpeg and the models
 * read and write local files, so a task converts into a local scratch folder and then publishes the
 * result: copied to a temporary name beside its place and renamed, so a retried or speculative task
 * never leaves a partial or duplicate file. Inputs that are not local are copied to the executor's
 * local disk once.
 *
 * <p>Every scheme goes through the same calls (file:// too), so the tests on local mode run the code
 * a cluster runs.
 */
final class Storage implements Serializable {
    /** Hadoop settings given to Spark as spark.hadoop.* (the driver's, sent along with the tasks). */
    private final Map<String, String> hadoopSettings;

    Storage(Map<String, String> hadoopSettings) {
        this.hadoopSettings = Map.copyOf(hadoopSettings);
    }

    /** A plain path becomes file:// (absolute); a URI with a scheme stays as it is. */
    static String uri(String pathOrUri) {
        URI u = URI.create(pathOrUri.replace(" ", "%20"));
        if (u.getScheme() != null && u.getScheme().length() > 1) return pathOrUri;
        return Path.of(pathOrUri).toAbsolutePath().normalize().toUri().toString();
    }

    static String child(String folderUri, String name) {
        return folderUri.endsWith("/") ? folderUri + name : folderUri + "/" + name;
    }

    static String name(String uri) {
        return new org.apache.hadoop.fs.Path(uri).getName();
    }

    private transient Configuration conf;

    private FileSystem fs(org.apache.hadoop.fs.Path p) throws IOException {
        if (conf == null) {
            Configuration c = new Configuration();
            hadoopSettings.forEach(c::set);
            conf = c;
        }
        FileSystem fs = p.getFileSystem(conf);
        // The raw local file system: Hadoop's default one writes a .crc file beside every file.
        return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRaw() : fs;
    }

    boolean exists(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        return fs(p).exists(p);
    }

    boolean isFolder(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        return fs(p).exists(p) && fs(p).getFileStatus(p).isDirectory();
    }

    /** The files of a folder, by name. */
    List<String> list(String folderUri) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(folderUri);
        List<String> files = new ArrayList<>();
        for (FileStatus s : fs(p).listStatus(p)) {
            if (s.isFile()) files.add(s.getPath().toString());
        }
        files.sort(null);
        return files;
    }

    void makeFolder(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        fs(p).mkdirs(p);
    }

    long size(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        return fs(p).getFileStatus(p).getLen();
    }

    String sha256(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        try (InputStream in = fs(p).open(p)) {
            return Sha256.of(in);
        }
    }

    String readString(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        try (InputStream in = fs(p).open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes text under a temporary name and renames it over uri. */
    void writeString(String uri, String text) throws IOException {
        Path local = Files.createTempFile("tilestereo-", ".tmp");
        try {
            Files.writeString(local, text, StandardCharsets.UTF_8);
            publish(local, uri);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    void delete(String uri, boolean recursive) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        fs(p).delete(p, recursive);
    }

    /**
     * Puts a finished local file at uri: copied to a temporary name in uri's folder, then renamed over
     * whatever is there (a retried or speculative attempt's copy of the same result).
     */
    void publish(Path local, String uri) throws IOException {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(uri);
        FileSystem fs = fs(target);
        org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(target.getParent(),
                "." + target.getName() + ".part-" + java.util.UUID.randomUUID());
        try {
            fs.mkdirs(target.getParent());
            try (InputStream in = Files.newInputStream(local); OutputStream out = fs.create(temp, true)) {
                in.transferTo(out);
            }
            if (fs.exists(target)) fs.delete(target, false);
            if (!fs.rename(temp, target)) throw new IOException(uri + ": could not rename " + temp.getName() + " into place");
        } finally {
            if (fs.exists(temp)) fs.delete(temp, false);
        }
    }

    /** Copies of inputs that are not local, per executor JVM: a film read by many segment tasks is copied once. */
    private static final Map<String, Path> LOCAL_COPIES = new ConcurrentHashMap<>();

    /**
     * A local path to read uri from: the file itself where it is on the local file system, else a
     * copy on this machine's disk (made once per JVM and kept for its tasks).
     */
    Path local(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        FileSystem fs = fs(p);
        if (fs instanceof org.apache.hadoop.fs.RawLocalFileSystem local) {
            return local.pathToFile(p).toPath();
        }
        try {
            return LOCAL_COPIES.computeIfAbsent(uri, k -> {
                try {
                    Path dir = Files.createTempDirectory("tilestereo-input-");
                    Path copy = dir.resolve(p.getName());
                    try (InputStream in = fs.open(p)) {
                        Files.copy(in, copy);
                    }
                    copy.toFile().deleteOnExit();
                    dir.toFile().deleteOnExit();
                    return copy;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
