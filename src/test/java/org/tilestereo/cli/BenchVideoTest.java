package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.testing.CliRun;
import org.tilestereo.testing.SharedData;

class BenchVideoTest {
    @TempDir
    Path dir;

    @Test
    void measuresTheClipAndItsUpscaleAndWritesJson() throws Exception {
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(3), dir.resolve("m.onnx"));
        Path json = dir.resolve("video.json");
        CliRun r = CliRun.of("bench", "video", "--model", model.toString(), "--clip", SharedData.file("tree.avi").toString(),
                "--depth-resolution", "112", "--frames-1080p", "6", "--json", json.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("fps"), r.out());
        String j = Files.readString(json);
        assertTrue(j.contains("pipeline") || j.contains("fps"), j);
    }

    @Test
    void modelBenchmarkIsMountedUnderBench() {
        CliRun r = CliRun.of("bench", "model", "--help");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("ONNX Runtime"), r.out());
    }
}
