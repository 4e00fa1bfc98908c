package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.testing.CliRun;
import org.tilestereo.testing.Samples;

class BenchVideoTest {
    @TempDir
    Path dir;

    @Test
    void measuresTheClipAndItsUpscaleAndWritesJson() throws Exception {
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(3), dir.resolve("m.onnx"));
        Path json = dir.resolve("video.json");
        CliRun r = CliRun.of("bench", "video", "--model", model.toString(), "--clip", Samples.file("video/tree.avi").toString(),
                "--depth-resolution", "112", "--frames-1080p", "6", "--json", json.toString());
        assertEquals(0, r.status(), r.toString());
        String j = Files.readString(json);
        boolean gpu = org.tilestereo.cuda.CudaProbe.probe().usable();
        // The clip and its 1080p upscale, on the CPU, and on the GPU where there is one.
        assertEquals(gpu ? 4 : 2, j.split("\"clip\": ").length - 1, j);
        assertTrue(j.contains("\"clip\": \"tree.avi\""), j);
        assertTrue(j.contains("\"width\": 1920, \"height\": 1080, \"frames\": 6, \"backend\": \"java\""), j);
        assertTrue(r.out().matches("(?s).*tree\\.avi on java: .*pipeline \\d+\\.\\d+ fps.*"), r.out());
        if (gpu) {
            assertTrue(j.contains("\"backend\": \"cuda\""), j);
            assertTrue(r.out().contains("on cuda: streamed, "), "the GPU run uses the streamed stage: " + r.out());
        } else {
            assertTrue(r.out().contains("no GPU figures: "), "says why the GPU is missing: " + r.out());
        }
    }

    @Test
    void theModelIsResolvedAsConvertResolvesIt() {
        CliRun r = CliRun.of("bench", "video", "--model", "depth-anything-v9-tiny");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("neither a file nor a model name") && r.err().contains("replica:vits"), r.err());
        assertFalse(r.err().contains("internal error"), "a bad --model is the user's error, said in one line: " + r.err());
        r = CliRun.of("bench", "video", "--model", dir.resolve("none.onnx").toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("none.onnx: no such file"), r.err());
    }

    @Test
    void modelBenchmarkIsMountedUnderBench() {
        CliRun r = CliRun.of("bench", "model", "--help");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("ONNX Runtime"), r.out());
    }

    /** The default clip is the installation's (this checkout's), and --help shows where it is. */
    @Test
    void theDefaultClipIsTheInstallationsSampleAndHelpNamesIt() {
        Path sample = Path.of("samples/video/Megamind.avi").toAbsolutePath();
        assertTrue(Files.isRegularFile(sample), sample.toString());
        CliRun r = CliRun.of("bench", "video", "--help");
        assertEquals(0, r.status(), r.toString());
        // picocli wraps the help text (a long path even within itself): compare without whitespace.
        String expected = ("Default: the installation's sample clip, " + sample).replaceAll("\\s+", "");
        assertTrue(r.out().replaceAll("\\s+", "").contains(expected), r.out());
    }

    @Test
    void aMissingClipIsOneLineNamingIt() {
        Path none = dir.resolve("none.avi");
        CliRun r = CliRun.of("bench", "video", "--model", "replica:vits", "--clip", none.toString());
        assertEquals(1, r.status(), r.toString());
        assertEquals("video: clip " + none + ": no such file", r.err().strip(), "checked before the model is built: " + r.err());
    }
}
