package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;

/**
 * Run by failsafe (mvn verify) with the packaged jar on the class path instead of target/classes:
 * the native libraries must load from inside the jar, as they will for users.
 */
class PackagedJarIT {

    @Test
    void loadsTheNativeLibraryFromThePackagedJar() throws IOException, URISyntaxException {
        NativeLibrary.Status s = NativeLibrary.status();
        if (!s.built()) {
            System.out.println("[tilestereo] jar test skipped: " + s.reason());
        }
        assumeTrue(s.built(), s::reason);
        Path classes = Path.of(TileStereoNative.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // Only failsafe (mvn verify) puts the jar on the class path; a surefire run picked by -Dtest has none.
        assumeTrue(classes.toString().endsWith(".jar"), () -> "classes come from " + classes + ", not the packaged jar");
        assertTrue(s.loaded(), s::reason);
        Path cache = Loader.getCacheDir().toPath().toRealPath();
        assertTrue(Path.of(s.path()).toRealPath().startsWith(cache),
                () -> "expected the library extracted from the jar into " + cache + ", loaded " + s.path());
        System.out.println("[tilestereo] from " + classes.getFileName() + ": " + s.summary());
    }
}
