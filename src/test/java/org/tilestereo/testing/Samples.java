package org.tilestereo.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's real sample files in samples/ (each folder's NOTE.md says where they come from),
 * relative to the checkout, where Maven runs the tests. A missing sample fails the test: it is part
 * of the repository, so missing means broken, not skipped.
 */
public final class Samples {
    private Samples() {
    }

    /** A sample by its path under samples/, e.g. "video/tree.avi" or "aloe/aloeL.jpg". */
    public static Path file(String relative) {
        Path p = Path.of("samples").resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("sample " + p.toAbsolutePath() + " is missing: samples/ is part of the repository");
        }
        return p;
    }
}
