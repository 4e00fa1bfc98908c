package org.tilestereo.models;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.depth.DepthBatch;
import org.tilestereo.depth.DepthModel;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.runtime.OnnxRuntimeDepthModel;
import org.tilestereo.kernels.ModelInput;

/** --model resolution: files as they are, names through the cache; a served model runs once downloaded. */
class ModelFilesTest {
    @TempDir
    Path dir;

    private final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private ModelFiles files(ModelRegistry registry) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new ModelFiles(registry, new ModelDownloader(client, log, () -> DownloadProgress.SILENT, 10, Duration.ofSeconds(5)),
                dir.resolve("cache"));
    }

    @Test
    void aNamedModelIsDownloadedOnceAndRuns() throws Exception {
        float[] w = {0.25f, 0.5f, -1f};
        byte[] onnx = DepthTestModels.perPixel("N", w, 0.125f).build();
        try (LoopbackServer server = new LoopbackServer("/models/tiny.onnx", onnx)) {
            NamedModel m = new NamedModel("tiny-depth-test", server.uri(), onnx.length, Sha256.of(onnx), "tiny-depth-test.onnx",
                    "test", "built by the test");
            ModelFiles files = files(new ModelRegistry(List.of(m)));
            Path file = files.resolve(Path.of("tiny-depth-test"));
            assertEquals(dir.resolve("cache").resolve("tiny-depth-test.onnx"), file);
            assertEquals(file, files.resolve(Path.of("tiny-depth-test")), "the second time it comes from the cache");
            assertEquals(1, server.ranges.size(), "downloaded once: " + server.ranges);

            try (DepthModel model = OnnxRuntimeDepthModel.open(file)) {
                ModelInput in = new ModelInput(3, 2, new float[3], new float[] {1, 1, 1});
                float[] nchw = new float[in.floatsPerImage()];
                for (int i = 0; i < nchw.length; i++) nchw[i] = i * 0.1f;
                DepthBatch d = model.run(nchw, 1, in);
                for (int p = 0; p < 6; p++) {
                    float expected = w[0] * nchw[p] + w[1] * nchw[6 + p] + w[2] * nchw[12 + p] + 0.125f;
                    assertEquals(expected, d.values()[p], 1e-5f);
                }
            }
        }
    }

    @Test
    void filesAreUsedAsTheyAreAndUnknownNamesListTheKnownOnes() throws Exception {
        ModelFiles files = files(ModelRegistry.builtIn(null));
        Path existing = Files.writeString(dir.resolve("depth-anything-v2-small"), "a file of that name wins");
        assertEquals(existing, files.resolve(existing));
        Path missing = dir.resolve("missing.onnx");
        assertEquals(missing, files.resolve(missing), "left for the runtime to report as missing");
        DownloadException e = assertThrows(DownloadException.class, () -> files.resolve(Path.of("depth-anything-v3-small")));
        assertTrue(e.getMessage().contains("depth-anything-v2-small, depth-anything-v2-base, depth-anything-v2-large"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("cache")), "nothing was downloaded");
    }
}
