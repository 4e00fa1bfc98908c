package org.tilestereo.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine with TensorRT but without cuDNN 9 is told exactly that: every library the bindings load
 * that it lacks, with what provides it, not only the first one the dynamic linker gave up on.
 */
class TensorRtLibrariesTest {
    @TempDir
    Path dir;

    @Test
    void everyMissingLibraryIsNamedWithWhatProvidesIt() throws Exception {
        for (String lib : new String[] {"libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13",
                "libnvrtc.so.13", "libnvinfer.so.10", "libnvinfer_plugin.so.10", "libnvonnxparser.so.10"}) {
            Files.createFile(dir.resolve(lib));
        }
        List<TensorRtLibraries.Need> missing = TensorRtLibraries.missing(TensorRtLibraries.inFolders(Set.of(dir)));
        assertEquals("libcudnn_graph.so.9, libcudnn_ops.so.9, libcudnn_cnn.so.9, libcudnn_adv.so.9 (cuDNN 9)",
                TensorRtLibraries.describe(missing));
    }

    @Test
    void onAMachineWithNothingAllAreNamed() {
        List<TensorRtLibraries.Need> missing = TensorRtLibraries.missing(TensorRtLibraries.inFolders(Set.of(dir)));
        assertEquals(TensorRtLibraries.NEEDED, missing);
        String said = TensorRtLibraries.describe(missing);
        assertTrue(said.startsWith("libcuda.so.1 (the NVIDIA driver), libcudart.so.13 (CUDA 13 runtime), libcublas.so.13,"
                + " libcublasLt.so.13 (cuBLAS 13), "), said);
        assertTrue(said.endsWith("libnvinfer.so.10, libnvinfer_plugin.so.10, libnvonnxparser.so.10 (TensorRT 10)"), said);
    }

    /** What this machine says (no GPU stack here): at least the driver and TensorRT itself are named. */
    @Test
    void thisMachinesProbeNamesWhatItLacks() {
        TensorRtProbe.Status s = TensorRtProbe.status();
        System.out.println("[tilestereo] " + s.summary());
        if (!s.loaded()) {
            assertTrue(s.reason().startsWith("missing ") || s.reason().contains("Java bindings"), s.reason());
        }
    }
}
