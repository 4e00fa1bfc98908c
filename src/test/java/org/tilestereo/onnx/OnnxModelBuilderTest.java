package org.tilestereo.onnx;

import static org.junit.jupiter.api.Assertions.*;

import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models written by the builder, loaded and run by ONNX Runtime, checked against hand computation. */
class OnnxModelBuilderTest {
    private static final float[] W = {0.5f, -1.25f, 2.0f};
    private static final float BIAS = 0.1f;
    private static final float ALPHA = 0.1f;

    /**
     * Every attribute kind the builder writes: Conv (ints, int), Constant (floats, tensor),
     * LeakyRelu (float), Pad (string), plus float and int64 initializers and metadata.
     */
    static OnnxModelBuilder roundTripModel() {
        return new OnnxModelBuilder("roundtrip")
                .producer("tilestereo-test")
                .input("x", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .initializer("w", W, 1, 3, 1, 1)
                .initializer("b", new float[] {BIAS}, 1)
                .initializer("pads", new long[] {0, 0, 1, 1, 0, 0, 1, 1}, 8)
                .node("Conv", List.of("x", "w", "b"), List.of("s"),
                        Attribute.ints("kernel_shape", 1, 1), Attribute.of("group", 1L))
                .node("Constant", List.of(), List.of("two"), Attribute.floats("value_floats", 2f))
                .node("Mul", List.of("s", "two"), List.of("m"))
                .node("LeakyRelu", List.of("m"), List.of("l"), Attribute.of("alpha", ALPHA))
                .node("Constant", List.of(), List.of("quarter"),
                        Attribute.of("value", TensorValue.floats("", new float[] {0.25f}, 1)))
                .node("Add", List.of("l", "quarter"), List.of("a"))
                .node("Pad", List.of("a", "pads"), List.of("y"), Attribute.of("mode", "reflect"))
                .output("y", OnnxDataType.FLOAT, "N", 1, "Hp", "Wp")
                .metadata("mean", "0.5,0.5,0.5")
                .metadata("purpose", "round trip");
    }

    private static float expected(float r, float g, float b) {
        float m = 2f * (W[0] * r + W[1] * g + W[2] * b + BIAS);
        return (m >= 0f ? m : ALPHA * m) + 0.25f;
    }

    /** ONNX Pad mode=reflect: mirror without repeating the edge. */
    private static int reflect(int p, int n) {
        return p < 0 ? -p : (p >= n ? 2 * (n - 1) - p : p);
    }

    @Test
    void onnxRuntimeLoadsAndRunsABuiltModelWithTheRightNumbers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("roundtrip.onnx");
        roundTripModel().writeTo(file);
        assertArrayEquals(roundTripModel().build(), Files.readAllBytes(file), "file and bytes encode the same model");

        int n = 2, h = 3, w = 4;
        Random rnd = new Random(11);
        float[][][][] x = new float[n][3][h][w];
        for (float[][][] img : x) {
            for (float[][] ch : img) {
                for (float[] row : ch) {
                    for (int i = 0; i < w; i++) {
                        row[i] = rnd.nextFloat() * 2f - 1f;
                    }
                }
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, x);
             OrtSession.Result result = session.run(Map.of("x", in))) {
            float[][][][] y = (float[][][][]) result.get(0).getValue();
            assertEquals(n, y.length);
            assertEquals(1, y[0].length);
            assertEquals(h + 2, y[0][0].length);
            assertEquals(w + 2, y[0][0][0].length);
            int negatives = 0;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < h + 2; i++) {
                    for (int j = 0; j < w + 2; j++) {
                        int si = reflect(i - 1, h), sj = reflect(j - 1, w);
                        float e = expected(x[b][0][si][sj], x[b][1][si][sj], x[b][2][si][sj]);
                        negatives += e < 0.25f ? 1 : 0;
                        assertEquals(e, y[b][0][i][j], 1e-6f, "image " + b + " at " + i + "," + j);
                    }
                }
            }
            assertTrue(negatives > 0, "the data should exercise LeakyRelu's negative branch");
        }
    }

    @Test
    void graphNamesShapesAndMetadataReachTheRuntime() throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(roundTripModel().build(), new OrtSession.SessionOptions())) {
            OnnxModelMetadata meta = session.getMetadata();
            assertEquals("tilestereo-test", meta.getProducerName());
            assertEquals("roundtrip", meta.getGraphName());
            assertEquals(Map.of("mean", "0.5,0.5,0.5", "purpose", "round trip"), meta.getCustomMetadata());

            TensorInfo in = (TensorInfo) session.getInputInfo().get("x").getInfo();
            assertArrayEquals(new long[] {-1, 3, -1, -1}, in.getShape());
            assertArrayEquals(new String[] {"N", "", "H", "W"}, in.getDimensionNames());
            TensorInfo out = (TensorInfo) session.getOutputInfo().get("y").getInfo();
            assertArrayEquals(new String[] {"N", "", "Hp", "Wp"}, out.getDimensionNames());
        }
    }

    @Test
    void fixedDimensionsAndOpsetAreWritten() throws OrtException {
        byte[] model = new OnnxModelBuilder("fixed")
                .opset(13)
                .input("x", OnnxDataType.FLOAT, 2, 3)
                .initializer("k", new float[] {1, 2, 3, 4, 5, 6}, 2, 3)
                .node("Add", List.of("x", "k"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, 2, 3)
                .build();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, new float[][] {{10, 20, 30}, {40, 50, 60}});
             OrtSession.Result result = session.run(Map.of("x", in))) {
            assertArrayEquals(new long[] {2, 3}, ((TensorInfo) session.getInputInfo().get("x").getInfo()).getShape());
            float[][] y = (float[][]) result.get(0).getValue();
            assertArrayEquals(new float[] {11, 22, 33}, y[0]);
            assertArrayEquals(new float[] {44, 55, 66}, y[1]);
        }
    }

    @Test
    void rejectsTensorsWhoseDataDoesNotFitTheirShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorValue.floats("w", new float[5], 2, 3));
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dim.parse("N", 3.5f, new Object()));
        assertThrows(IllegalStateException.class, () -> new OnnxModelBuilder("empty").build());
    }
}
