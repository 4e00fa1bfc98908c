package org.tilestereo.runtime;

import org.tilestereo.depth.DepthBatch;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthModel;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.plan.ModelInputSize;

import static org.junit.jupiter.api.Assertions.*;
import static org.tilestereo.depth.DepthTestModels.perPixel;
import static org.tilestereo.depth.DepthTestModels.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.onnx.Attribute;
import org.tilestereo.onnx.OnnxDataType;
import org.tilestereo.onnx.OnnxModelBuilder;
import org.tilestereo.testing.Samples;

class OnnxRuntimeDepthModelTest {
    private static final float[] W = {0.25f, -0.5f, 1.5f};
    private static final float B = 0.125f;

    @TempDir
    Path dir;

    private DepthException rejected(OnnxModelBuilder model, String fileName) {
        Path file = write(model, dir.resolve(fileName));
        return assertThrows(DepthException.class, () -> OnnxRuntimeDepthModel.open(file));
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message should mention '" + p + "': " + e.getMessage());
        }
        assertFalse(e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
    }

    @Test
    void aFileThatIsNotOnnxIsRejectedByName() throws Exception {
        Path noise = dir.resolve("noise.onnx");
        byte[] bytes = new byte[4096];
        new Random(3).nextBytes(bytes);
        Files.write(noise, bytes);
        DepthException e = assertThrows(DepthException.class, () -> OnnxRuntimeDepthModel.open(noise));
        assertMentions(e, noise.toString(), "not a valid ONNX model (");

        Path jpeg = Samples.file("photos/fruits.jpg");
        e = assertThrows(DepthException.class, () -> OnnxRuntimeDepthModel.open(jpeg));
        assertMentions(e, "fruits.jpg", "not a valid ONNX model (");
    }

    @Test
    void aMissingFileOrADirectoryIsRejected() {
        Path missing = dir.resolve("absent.onnx");
        assertMentions(assertThrows(DepthException.class, () -> OnnxRuntimeDepthModel.open(missing)),
                "absent.onnx", "file not found");
        assertMentions(assertThrows(DepthException.class, () -> OnnxRuntimeDepthModel.open(dir)),
                dir.toString(), "not a regular file");
    }

    @Test
    void anInputThatIsNotAnRgbImageIsRejectedWithItsShape() {
        DepthException oneChannel = rejected(new OnnxModelBuilder("gray")
                .input("gray", OnnxDataType.FLOAT, "N", 1, "H", "W")
                .node("Identity", List.of("gray"), List.of("depth"))
                .output("depth", OnnxDataType.FLOAT, "N", 1, "H", "W"), "gray.onnx");
        assertMentions(oneChannel, "gray.onnx", "input 'gray'", "[N,1,H,W]", "expected FLOAT [N,3,H,W]");

        DepthException rank3 = rejected(new OnnxModelBuilder("chw")
                .input("chw", OnnxDataType.FLOAT, 3, "H", "W")
                .node("Identity", List.of("chw"), List.of("depth"))
                .output("depth", OnnxDataType.FLOAT, 3, "H", "W"), "chw.onnx");
        assertMentions(rank3, "chw.onnx", "input 'chw'", "[3,H,W]", "expected FLOAT [N,3,H,W]");

        DepthException ints = rejected(new OnnxModelBuilder("ints")
                .input("image", OnnxDataType.INT64, "N", 3, "H", "W")
                .node("Cast", List.of("image"), List.of("depth"), Attribute.of("to", (long) OnnxDataType.FLOAT.code))
                .output("depth", OnnxDataType.FLOAT, "N", 3, "H", "W"), "ints.onnx");
        assertMentions(ints, "ints.onnx", "input 'image'", "INT64", "expected FLOAT");

        DepthException two = rejected(new OnnxModelBuilder("two")
                .input("a", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .input("b", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .node("Add", List.of("a", "b"), List.of("depth"))
                .output("depth", OnnxDataType.FLOAT, "N", 3, "H", "W"), "two.onnx");
        assertMentions(two, "two.onnx", "one image input", "found 2");
    }

    @Test
    void anOutputThatIsNotOneDepthMapPerImageIsRejectedWithItsShape() {
        DepthException threeChannels = rejected(new OnnxModelBuilder("rgb_out")
                .input("image", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .node("Identity", List.of("image"), List.of("rgb"))
                .output("rgb", OnnxDataType.FLOAT, "N", 3, "H", "W"), "rgb_out.onnx");
        assertMentions(threeChannels, "rgb_out.onnx", "output 'rgb'", "[N,3,H,W]", "expected [N,1,H,W] or [N,H,W]");

        DepthException rank2 = rejected(new OnnxModelBuilder("rows")
                .input("image", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .node("ReduceMean", List.of("image"), List.of("rows"),
                        Attribute.ints("axes", 1, 2), Attribute.of("keepdims", 0L))
                .output("rows", OnnxDataType.FLOAT, "N", "W"), "rows.onnx");
        assertMentions(rank2, "rows.onnx", "output 'rows'", "[N,W]", "expected [N,1,H,W] or [N,H,W]");
    }

    @Test
    void inputSizeFollowsTheResolutionInMultiplesOf14KeepingTheAspect() throws Exception {
        try (DepthModel m = OnnxRuntimeDepthModel.open(write(perPixel("N", W, B), dir.resolve("free.onnx")))) {
            // 1282x1110 (aloe), short side 518 = 37*14; long side 518*1282/1110 = 598.3 -> 43*14 = 602
            ModelInput in = m.inputFor(1282, 1110, 518);
            assertEquals(602, in.width());
            assertEquals(518, in.height());
            // portrait: the same, turned
            in = m.inputFor(1110, 1282, 518);
            assertEquals(518, in.width());
            assertEquals(602, in.height());
            // 500 -> 504 (36*14); 504*1282/1110 = 582.1 -> 588 (42*14)
            in = m.inputFor(1282, 1110, 500);
            assertEquals(588, in.width());
            assertEquals(504, in.height());
            // never below one patch
            in = m.inputFor(1282, 1110, 3);
            assertEquals(14, in.height());
            assertEquals(14, in.width());
            assertEquals(Integer.MAX_VALUE, m.maxBatch());
            assertArrayEquals(ModelInput.IMAGENET_MEAN, in.mean());
            assertArrayEquals(ModelInput.IMAGENET_STD, in.std());
            // exact input is the region itself
            in = m.exactInput(301, 227);
            assertEquals(301, in.width());
            assertEquals(227, in.height());
        }
        // one fixed side: the other follows the aspect, 280*1282/1110 = 323.4 -> 322
        assertArrayEquals(new int[] {322, 280}, ModelInputSize.forRegion(1282, 1110, 518, 0, 280));
    }

    @Test
    void aModelWithFixedSizeAndBatchUsesThem() throws Exception {
        try (DepthModel m = OnnxRuntimeDepthModel.open(write(new OnnxModelBuilder("fixed")
                .input("image", OnnxDataType.FLOAT, 2, 3, 28, 42)
                .initializer("w", W, 1, 3, 1, 1)
                .node("Conv", List.of("image", "w"), List.of("depth"))
                .output("depth", OnnxDataType.FLOAT, 2, 1, 28, 42), dir.resolve("fixed.onnx")))) {
            ModelInput in = m.inputFor(1282, 1110, 518);
            assertEquals(42, in.width());
            assertEquals(28, in.height());
            in = m.exactInput(301, 227);
            assertEquals(42, in.width());
            assertEquals(28, in.height());
            assertEquals(2, m.maxBatch());

            // one image in a batch of two: padded, and only its own depth comes back
            float[] x = DepthTestModels.randoms(in.floatsPerImage(), new Random(5));
            DepthBatch d = m.run(x, 1, in);
            assertEquals(1, d.batch());
            assertEquals(42, d.width());
            assertEquals(28, d.height());
            int plane = 42 * 28;
            for (int i = 0; i < plane; i++) {
                assertEquals(W[0] * x[i] + W[1] * x[plane + i] + W[2] * x[2 * plane + i], d.values()[i], 1e-6f);
            }
            assertThrows(IllegalArgumentException.class, () -> m.run(x, 3, m.exactInput(42, 28)));
            assertThrows(IllegalArgumentException.class, () -> m.run(x, 1, ModelInput.imagenet(14, 14)));
        }
    }

    @Test
    void metadataMeanAndStdReplaceImageNetAndBadValuesAreRejected() throws Exception {
        OnnxModelBuilder model = perPixel("N", W, B).metadata("mean", "0.5, 0.25,0").metadata("std", "0.5,2,0.125");
        try (DepthModel m = OnnxRuntimeDepthModel.open(write(model, dir.resolve("meta.onnx")))) {
            ModelInput in = m.inputFor(100, 80, 518);
            assertArrayEquals(new float[] {0.5f, 0.25f, 0f}, in.mean());
            assertArrayEquals(new float[] {0.5f, 2f, 0.125f}, in.std());
            assertArrayEquals(in.std(), m.exactInput(5, 5).std());
        }
        DepthException e = rejected(perPixel("N", W, B).metadata("mean", "0.5,0.5"), "short.onnx");
        assertMentions(e, "short.onnx", "'mean'", "0.5,0.5");
        e = rejected(perPixel("N", W, B).metadata("std", "1,0,1"), "zero.onnx");
        assertMentions(e, "zero.onnx", "'std'", "positive");
    }

    @Test
    void repeatedRunsOfOneShapeGiveFreshResults() throws Exception {
        try (DepthModel m = OnnxRuntimeDepthModel.open(write(perPixel("N", W, B), dir.resolve("pp.onnx")))) {
            ModelInput in = m.exactInput(9, 7);
            int plane = 63;
            Random r = new Random(9);
            // The first run of a shape learns the output; later ones write into a kept buffer.
            for (int run = 0; run < 4; run++) {
                int batch = 1 + run % 2;
                float[] x = DepthTestModels.randoms(batch * in.floatsPerImage(), r);
                DepthBatch d = m.run(x, batch, in);
                assertEquals(batch, d.batch());
                assertEquals(9, d.width());
                assertEquals(7, d.height());
                for (int b = 0; b < batch; b++) {
                    int o = b * 3 * plane;
                    for (int i = 0; i < plane; i++) {
                        float e = W[0] * x[o + i] + W[1] * x[o + plane + i] + W[2] * x[o + 2 * plane + i] + B;
                        assertEquals(e, d.values()[b * plane + i], 1e-6f, "run " + run + " image " + b + " pixel " + i);
                    }
                }
            }
        }
    }

    @Test
    void describesItselfInOneLineAndClosesTwice() throws Exception {
        DepthModel m = OnnxRuntimeDepthModel.open(write(perPixel("N", W, B), dir.resolve("model.onnx")));
        String d = m.describe();
        assertTrue(d.matches("ONNX Runtime \\d+\\.\\d+\\.\\d+ \\(CPU\\) running model\\.onnx"), d);
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, () -> m.run(new float[3], 1, ModelInput.imagenet(1, 1)));

        try (DepthModel fromBytes = OnnxRuntimeDepthModel.open(perPixel("N", W, B).build(), "in-memory model")) {
            assertTrue(fromBytes.describe().endsWith("running in-memory model"), fromBytes.describe());
        }
        assertMentions(assertThrows(DepthException.class,
                () -> OnnxRuntimeDepthModel.open(new byte[] {1, 2, 3}, "junk")), "model junk: not a valid ONNX model");
    }
}
