package org.tilestereo.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's real test data in ../shared/data (see its README); missing data fails the test. */
public final class SharedData {
    private SharedData() {
    }

    public static Path file(String name) {
        Path p = Path.of("..", "shared", "data", name);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("test data " + p.toAbsolutePath() + " is missing: the shared data folder must sit beside the checkout");
        }
        return p;
    }
}
