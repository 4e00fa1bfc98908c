package org.tilestereo.models;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A depth model that can be asked for by name: where it is published, and the exact size and
 * SHA-256 of the file there, so that a download is accepted only if it is that file.
 *
 * @param name     what --model accepts, e.g. depth-anything-v2-small
 * @param url      the public download address
 * @param size     the file's length in bytes
 * @param sha256   the file's SHA-256, 64 lower-case hex digits
 * @param fileName the name it is kept under in the cache folder
 * @param license  the weights' licence, said when it is downloaded
 * @param source   where the size and checksum were read from, for people who want to check them
 */
public record NamedModel(String name, URI url, long size, String sha256, String fileName, String license, String source) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SAFE_FILE = Pattern.compile("[A-Za-z0-9._-]+");

    public NamedModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(source, "source");
        if (size <= 0) {
            throw new IllegalArgumentException("model " + name + ": size must be positive, got " + size);
        }
        sha256 = Objects.requireNonNull(sha256, "sha256").toLowerCase(Locale.ROOT);
        if (!HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("model " + name + ": SHA-256 must be 64 hex digits, got '" + sha256 + "'");
        }
        // The cache folder is shared; a name with a path separator could write outside it.
        if (fileName == null || !SAFE_FILE.matcher(fileName).matches() || fileName.startsWith(".")) {
            throw new IllegalArgumentException("model " + name + ": unsafe cache file name '" + fileName + "'");
        }
    }

    /** The same model fetched from another address (a mirror, or a test server). */
    public NamedModel withUrl(URI other) {
        return new NamedModel(name, other, size, sha256, fileName, license, source);
    }
}
