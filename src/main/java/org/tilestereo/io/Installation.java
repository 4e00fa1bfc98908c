package org.tilestereo.io;

import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Where tilestereo is installed, and its sample files (ROOT/samples/...). Defaults such as
 * {@code bench video}'s clip are found here, from where tilestereo's own classes were loaded, so that
 * they do not depend on the folder a user runs the command from. Three layouts are known:
 * <ul>
 *   <li>{@code ROOT/lib/tilestereo-*.jar}: the distribution (target/dist, dist/make-dist.sh);</li>
 *   <li>{@code ROOT/target/tilestereo-*.jar}: a built checkout run by bin/tilestereo;</li>
 *   <li>{@code ROOT/target/classes}: a checkout run by Maven or an IDE.</li>
 * </ul>
 */
public final class Installation {
    private Installation() {
    }

    /** The root of the installation whose classes come from location (a jar or a class folder), or null for another layout. */
    static Path rootOf(Path location) {
        Path p = location.toAbsolutePath().normalize();
        Path parent = p.getParent();
        if (parent == null || parent.getParent() == null || parent.getFileName() == null) {
            return null;
        }
        String name = p.getFileName().toString(), folder = parent.getFileName().toString();
        boolean ownJar = name.startsWith("tilestereo-") && name.endsWith(".jar");
        if ((ownJar && (folder.equals("lib") || folder.equals("target"))) || (name.equals("classes") && folder.equals("target"))) {
            return parent.getParent();
        }
        return null;
    }

    /** This installation's root; an InputException (one line, naming where the classes are) when the layout is unknown. */
    public static Path root() throws InputException {
        Path location = codeLocation();
        Path root = location == null ? null : rootOf(location);
        if (root == null) {
            throw new InputException("cannot tell where tilestereo is installed: its classes come from "
                    + (location == null ? "an unknown place" : location.toString())
                    + ", not ROOT/lib/tilestereo-*.jar, ROOT/target/tilestereo-*.jar or ROOT/target/classes");
        }
        return root;
    }

    /** ROOT/samples/relative, whether or not it is there (for --help); relative is e.g. "video/Megamind.avi". */
    public static Path samplePath(String relative) throws InputException {
        return root().resolve("samples").resolve(relative);
    }

    /** ROOT/samples/relative, which must be a file; otherwise a one-line InputException naming the path looked for. */
    public static Path sample(String relative) throws InputException {
        return existing(samplePath(relative));
    }

    static Path existing(Path sample) throws InputException {
        if (!Files.isRegularFile(sample)) {
            throw new InputException("sample " + sample + " not found (samples/ of the installation)");
        }
        return sample;
    }

    private static Path codeLocation() {
        CodeSource source = Installation.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            return null; // not a file: URL (a custom class loader); treated as an unknown layout
        }
    }
}
