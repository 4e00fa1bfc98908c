package org.tilestereo.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.cuda.CudaProbe;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.testing.Samples;
import org.tilestereo.runtime.Availability;
import org.tilestereo.runtime.TensorRtProbe;

/** The model benchmark measures ONNX Runtime here and reports TensorRT as unavailable with the reason. */
class ModelBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void measuresWhatIsHereAndSaysWhyTheRestIsNot() throws Exception {
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(7), dir.resolve("conv.onnx"));
        ModelBenchmark b = ModelBenchmark.of(model, List.of(Samples.file("photos/fruits.jpg"), Samples.file("aloe/aloeL.jpg")),
                70, 56, 2, 3);
        b.engineCache = dir.resolve("engines");
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        ModelBenchmark.Result r = b.run(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ModelBenchmark.print(r, new PrintStream(table, true, StandardCharsets.UTF_8));
        System.out.print(table.toString(StandardCharsets.UTF_8));

        assertEquals(3, r.columns().size());
        ModelBenchmark.Column ort = r.columns().get(0);
        assertEquals("onnxruntime (CPU)", ort.runtime());
        assertTrue(ort.measured());
        assertTrue(ort.msPerFrame() > 0 && ort.msPerTile() > 0, ort.toString());
        assertTrue(r.tileShape().equals("2x3x56x56"), r.tileShape());
        assertTrue(r.frameShape().matches("1x3x70x\\d+"), r.frameShape());

        boolean trtHere = TensorRtProbe.status().loaded() && Availability.gpuOf(CudaProbe.probe()).ok();
        if (!trtHere) {
            for (ModelBenchmark.Column c : r.columns().subList(1, 3)) {
                assertFalse(c.measured());
                assertNull(c.msPerFrame());
                assertNull(c.buildSeconds());
                assertFalse(c.reason().isBlank());
                assertTrue(c.reason().contains("--runtime onnxruntime"), c.reason());
            }
            assertNull(r.int8VersusFp16AbsRel());
            String text = table.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("tensorrt fp16         unavailable: ") || text.contains("tensorrt fp16        unavailable: "), text);
            assertTrue(text.contains("INT8 vs FP16 depth, AbsRel: not measured"), text);
            String json = ModelBenchmark.toJson(r);
            assertTrue(json.contains("\"runtime\":\"tensorrt int8\",\"unavailable\":\""), json);
            assertTrue(json.contains("\"int8_vs_fp16_absrel\":null"), json);
        }
    }

    /** The default photos are the installation's samples (this checkout's), not the working folder's. */
    @Test
    void defaultPhotosAreTheInstallationsSamples() throws Exception {
        List<Path> photos = ModelBenchmark.defaultPhotos();
        assertEquals(4, photos.size(), photos.toString());
        for (Path p : photos) {
            assertTrue(p.isAbsolute() && p.startsWith(Path.of("samples").toAbsolutePath()) && java.nio.file.Files.isRegularFile(p), p.toString());
        }
    }
}
