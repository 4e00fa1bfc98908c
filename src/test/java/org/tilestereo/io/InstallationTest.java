package org.tilestereo.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installation root from where the classes come from, and the samples under it. */
class InstallationTest {
    @Test
    void theDistributionsJarInLib() {
        assertEquals(Path.of("/opt/tilestereo"), Installation.rootOf(Path.of("/opt/tilestereo/lib/tilestereo-0.1.0-SNAPSHOT.jar")));
    }

    @Test
    void aBuiltCheckoutsJarInTarget() {
        assertEquals(Path.of("/home/u/tilestereo"),
                Installation.rootOf(Path.of("/home/u/tilestereo/target/tilestereo-0.1.0-SNAPSHOT.jar")));
    }

    @Test
    void aCheckoutsClassFolder() {
        assertEquals(Path.of("/home/u/tilestereo"), Installation.rootOf(Path.of("/home/u/tilestereo/target/classes")));
        assertEquals(Path.of("/home/u/tilestereo"), Installation.rootOf(Path.of("/home/u/tilestereo/target/./classes/")));
    }

    @Test
    void otherLayoutsAreUnknown() {
        assertNull(Installation.rootOf(Path.of("/opt/tilestereo/tilestereo-0.1.0.jar")), "a jar beside no lib/ or target/");
        assertNull(Installation.rootOf(Path.of("/opt/tilestereo/lib/picocli-4.7.7.jar")), "another jar");
        assertNull(Installation.rootOf(Path.of("/home/u/tilestereo/target/test-classes")));
        assertNull(Installation.rootOf(Path.of("/home/u/out/classes")));
        assertNull(Installation.rootOf(Path.of("/tilestereo-0.1.0.jar")), "no folder above the jar");
    }

    /** Maven runs the tests in the checkout, from target/classes (surefire) or the jar in target/ (failsafe). */
    @Test
    void thisCheckoutIsTheInstallationAndHasTheSamples() throws InputException {
        Path checkout = Path.of("").toAbsolutePath();
        assertEquals(checkout, Installation.root());
        assertEquals(checkout.resolve("samples/video/Megamind.avi"), Installation.sample("video/Megamind.avi"));
        assertEquals(checkout.resolve("samples/video/nothing.avi"), Installation.samplePath("video/nothing.avi"), "not checked");
    }

    @Test
    void aMissingSampleIsOneLineNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("samples/video/Megamind.avi");
        InputException e = assertThrows(InputException.class, () -> Installation.existing(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && !e.getMessage().contains("\n"), e.getMessage());
        e = assertThrows(InputException.class, () -> Installation.sample("video/nothing.avi"));
        assertTrue(e.getMessage().contains(Path.of("samples/video/nothing.avi").toAbsolutePath().toString()), e.getMessage());
    }
}
