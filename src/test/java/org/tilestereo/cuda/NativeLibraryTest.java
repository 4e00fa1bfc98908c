package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Runs wherever the native library was built (no GPU needed: libcudart loads without one);
 * skipped only for a CPU-only build, with the reason.
 */
class NativeLibraryTest {

    private static NativeLibrary.Status requireBuilt() {
        NativeLibrary.Status s = NativeLibrary.status();
        if (!s.built()) {
            System.out.println("[tilestereo] native library test skipped: " + s.reason());
        }
        assumeTrue(s.built(), s::reason);
        assertTrue(s.loaded(), () -> "the native library is in the build but did not load: " + s.reason());
        return s;
    }

    /** Skips, saying why, where the native libraries were built without nvcc (the software device only). */
    private static void requireCudaDevice(NativeLibrary.Status s) {
        boolean built = s.cudaVersionBuilt() != 0;
        if (!built) {
            System.out.println("[tilestereo] CUDA device check skipped: " + s.summary());
        }
        assumeTrue(built, s::summary);
    }

    @Test
    void loadsAndReportsItsBuild() {
        NativeLibrary.Status s = requireBuilt();
        System.out.println("[tilestereo] " + s.summary());
        String expected = System.getProperty("tilestereo.version");
        if (expected != null) {
            assertEquals(expected, s.version(), "ts_version() should be the Maven project version");
        } else {
            assertTrue(s.version().matches("\\d+\\.\\d+\\.\\d+.*"), () -> "ts_version() returned " + s.version());
        }
        assertEquals(s.version(), NativeLibrary.version());
        requireCudaDevice(s);
        assertTrue(s.cudaVersionBuilt() >= 13000 && s.cudaVersionBuilt() < 14000,
                () -> "built against CUDA " + s.cudaVersionBuilt() + ", expected 13.x (what the cuda presets bind)");
        assertEquals(List.of("75-real", "80-real", "86-real", "89-real", "90"), List.of(s.cudaArchitectures().split(";")));
    }

    /** The kernels must carry machine code for every GPU generation we support, and PTX for newer ones. */
    @Test
    void carriesMachineCodeForEveryListedArchitecture() throws IOException {
        NativeLibrary.Status s = requireBuilt();
        requireCudaDevice(s);
        Path library = Path.of(s.path()).resolveSibling(System.mapLibraryName("tilestereo_cuda"));
        List<String> contents = FatbinContents.of(library);
        System.out.println("[tilestereo] " + library.getFileName() + " fatbin: " + contents);
        assertEquals(Set.of("ELF sm_75", "ELF sm_80", "ELF sm_86", "ELF sm_89", "ELF sm_90", "PTX compute_90"),
                Set.copyOf(contents));
        // One fatbin per kernel file: every operator carries every architecture, not just one of them.
        Path kernels = Path.of("cuda");
        assumeTrue(Files.isDirectory(kernels), "no cuda/ folder here to count the kernel files");
        long units;
        try (var files = Files.list(kernels)) {
            units = files.filter(f -> f.toString().endsWith(".cu")).count();
        }
        Map<String, Long> perEntry = contents.stream().collect(Collectors.groupingBy(c -> c, Collectors.counting()));
        System.out.println("[tilestereo] " + units + " kernel files, code objects per architecture: " + perEntry);
        for (Map.Entry<String, Long> e : perEntry.entrySet()) {
            assertEquals(units, e.getValue(), () -> e.getKey() + " is missing from some kernel files");
        }
    }

    @Test
    void statusNamesMatchTheJavaConstants() {
        requireBuilt();
        assertEquals("TS_SUCCESS", TileStereoNative.ts_status_string(TileStereoNative.TS_SUCCESS));
        assertEquals("TS_ERROR_INVALID_ARGUMENT", TileStereoNative.ts_status_string(TileStereoNative.TS_ERROR_INVALID_ARGUMENT));
        assertEquals("TS_ERROR_CUDA", TileStereoNative.ts_status_string(TileStereoNative.TS_ERROR_CUDA));
        assertEquals("unknown ts_status", TileStereoNative.ts_status_string(-7));
    }

    /**
     * The CUDA runtime in the process must be the copy shipped beside our library, so the program
     * runs where no toolkit is installed and the cuda presets share one runtime with our kernels.
     */
    @Test
    void usesTheBundledCudaRuntime() throws IOException {
        NativeLibrary.Status s = requireBuilt();
        requireCudaDevice(s);
        Path maps = Path.of("/proc/self/maps");
        assumeTrue(Files.isReadable(maps), "no /proc/self/maps to read the loaded libraries from");
        Path ours = Path.of(s.path()).toRealPath().getParent();
        List<Path> runtimes;
        try (var lines = Files.lines(maps)) {
            runtimes = lines.filter(l -> l.endsWith("/libcudart.so.13"))
                    .map(l -> Path.of(l.substring(l.indexOf('/'))).getParent())
                    .distinct().toList();
        }
        System.out.println("[tilestereo] libcudart.so.13 mapped from " + runtimes + "; JNI library in " + ours);
        assertEquals(1, runtimes.size(), () -> "expected one CUDA runtime in the process, found " + runtimes);
        assertEquals(ours, runtimes.get(0).toRealPath());
    }

    @Test
    void probeNeverThrowsAndExplainsAMissingDevice() {
        CudaProbe.Report r = assertDoesNotThrow(() -> CudaProbe.probe());
        System.out.println("[tilestereo] " + r.summary());
        assertNotNull(r.reason());
        if (r.usable()) {
            assertTrue(r.reason().isEmpty());
            assertFalse(r.devices().isEmpty());
            assertTrue(r.devices().get(r.device()).computeCapability() >= CudaProbe.MIN_COMPUTE_CAPABILITY);
        } else {
            assertFalse(r.reason().isBlank(), "an unusable CUDA backend must say why");
        }
        assertEquals(r, CudaProbe.probe(), "the probe runs once per JVM");
    }
}
