package org.tilestereo.plan.replica;

import static org.junit.jupiter.api.Assertions.*;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tilestereo.onnx.OnnxDataType;
import org.tilestereo.onnx.OnnxModelBuilder;
import org.tilestereo.plan.replica.DepthAnythingV2Replica.Variant;

/** The replicas' parameter counts against the published model sizes, and the ViT-S replica run by ONNX Runtime. */
class DepthAnythingV2ReplicaTest {
    /** Model sizes as Depth Anything V2 publishes them, in millions of parameters. */
    private static final Map<Variant, Double> PUBLISHED_MILLIONS = Map.of(Variant.VITS, 24.8, Variant.VITB, 97.5, Variant.VITL, 335.3);

    private static byte[] vits;
    private static OrtSession session;

    @BeforeAll
    static void buildViTS() throws OrtException {
        vits = DepthAnythingV2Replica.bytes(Variant.VITS, 0);
        session = OrtEnvironment.getEnvironment().createSession(vits, new OrtSession.SessionOptions());
    }

    @AfterAll
    static void close() throws OrtException {
        if (session != null) {
            session.close();
        }
    }

    /** Parameters of the PyTorch checkpoint the graph leaves out: mask_token (C) and refinenet4.resConfUnit1. */
    private static long unusedCheckpointParameters(Variant v) {
        return v.width + 2 * (9 * v.features * v.features + v.features);
    }

    @Test
    void theCountedParametersMatchThePublishedModelSizes() {
        for (Variant v : Variant.values()) {
            long graph = DepthAnythingV2Replica.parameterCount(v);
            long checkpoint = graph + unusedCheckpointParameters(v);
            double published = PUBLISHED_MILLIONS.get(v) * 1e6;
            System.out.printf("%s: graph %,d parameters (%.2f%% from the published %.1fM), checkpoint %,d%n",
                    v.id(), graph, 100 * (graph - published) / published, published / 1e6, checkpoint);
            assertEquals(published, graph, 0.01 * published, v.id() + " graph parameters within 1% of the published size");
            // The checkpoint count rounds to the published figure (to 0.1M): the formula misses nothing.
            assertEquals(published, checkpoint, 0.05e6, v.id() + " checkpoint parameters");
        }
        assertEquals(24_710_849L, DepthAnythingV2Replica.parameterCount(Variant.VITS));
        assertEquals(97_174_849L, DepthAnythingV2Replica.parameterCount(Variant.VITB));
        assertEquals(334_134_465L, DepthAnythingV2Replica.parameterCount(Variant.VITL));
    }

    @Test
    void eachGraphHoldsExactlyTheCountedParametersWithoutMaterialisingThem() {
        for (Variant v : Variant.values()) {
            long start = System.nanoTime();
            OnnxModelBuilder model = DepthAnythingV2Replica.build(v, 0);
            long floats = model.initializerElements(OnnxDataType.FLOAT);
            long size = model.encodedSize();
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("%s graph: %,d float initializers, %,d bytes encoded, described in %d ms%n", v.id(), floats, size, ms);
            assertEquals(DepthAnythingV2Replica.parameterCount(v), floats, v.id());
            assertEquals(4 * floats, model.initializerBytes(), v.id() + ": every initializer is a float parameter");
            assertTrue(size > 4 * floats && size < 4 * floats + (1 << 20), v.id() + " encoded size " + size);
        }
    }

    @Test
    void theEncodedViTSHoldsTheCountedParameters() throws IOException {
        List<OnnxInitializerReader.Initializer> inits = OnnxInitializerReader.read(new ByteArrayInputStream(vits));
        long floats = 0;
        for (OnnxInitializerReader.Initializer i : inits) {
            assertEquals(OnnxDataType.FLOAT.code, i.dataType(), i.name());
            assertEquals(4 * i.elements(), i.rawBytes(), i.name() + " raw data");
            floats += i.elements();
        }
        assertEquals(DepthAnythingV2Replica.parameterCount(Variant.VITS), floats);
        assertEquals(DepthAnythingV2Replica.build(Variant.VITS, 0).encodedSize(), vits.length);
        // Spot checks of shapes against the architecture.
        Map<String, long[]> dims = new java.util.HashMap<>();
        inits.forEach(i -> dims.put(i.name(), i.dims()));
        assertArrayEquals(new long[] {1, 1370, 384}, dims.get("pretrained.pos_embed"));
        assertArrayEquals(new long[] {384, 3, 14, 14}, dims.get("pretrained.patch_embed.proj.weight"));
        assertArrayEquals(new long[] {384, 1152}, dims.get("pretrained.blocks.11.attn.qkv.weight"));
        assertArrayEquals(new long[] {48, 48, 4, 4}, dims.get("depth_head.resize_layers.0.weight"));
        assertArrayEquals(new long[] {64, 384, 3, 3}, dims.get("depth_head.scratch.layer4_rn.weight"));
        assertArrayEquals(new long[] {1, 32, 1, 1}, dims.get("depth_head.scratch.output_conv2.2.weight"));
        assertFalse(dims.containsKey("depth_head.scratch.refinenet4.resConfUnit1.conv1.weight"));
        assertTrue(dims.containsKey("depth_head.scratch.refinenet3.resConfUnit1.conv1.weight"));
    }

    @Test
    void theSameSeedGivesTheSameModelAndAnotherSeedOtherWeights() {
        assertArrayEquals(vits, DepthAnythingV2Replica.bytes(Variant.VITS, 0));
        byte[] other = DepthAnythingV2Replica.bytes(Variant.VITS, 1);
        assertEquals(vits.length, other.length);
        assertFalse(Arrays.equals(vits, other));
    }

    @Test
    void onnxRuntimeRunsTheViTSReplicaAtAnySizeOfWholePatches() throws OrtException {
        TensorInfo in = (TensorInfo) session.getInputInfo().get(DepthAnythingV2Replica.INPUT).getInfo();
        assertArrayEquals(new String[] {"N", "", "H", "W"}, in.getDimensionNames());
        float[] a = run(1, 70, 98, 1);
        float[] b = run(1, 70, 98, 2);
        assertFalse(Arrays.equals(a, b), "the depth depends on the image");
        run(1, 140, 112, 3);
        float[] pair = run(2, 42, 56, 4);
        // Images of a batch are independent: the first of a pair is that image alone.
        float[] alone = run(1, 42, 56, 4);
        for (int i = 0; i < alone.length; i++) {
            assertEquals(alone[i], pair[i], 1e-4f * (1 + Math.abs(alone[i])), "pixel " + i);
        }
    }

    @Test
    void timesOneViTSInferenceAt518() throws OrtException {
        run(1, 518, 518, 5);
        long start = System.nanoTime();
        run(1, 518, 518, 6);
        System.out.printf("ViT-S replica, 1x3x518x518, ONNX Runtime CPU with %d cores: %d ms%n",
                Runtime.getRuntime().availableProcessors(), (System.nanoTime() - start) / 1_000_000);
    }

    /** Runs a random image batch; checks the output is [n,h,w], finite, not constant; returns it. */
    private static float[] run(int n, int h, int w, long seed) throws OrtException {
        Random rnd = new Random(seed);
        float[] x = new float[n * 3 * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {n, 3, h, w});
             OrtSession.Result r = session.run(Map.of(DepthAnythingV2Replica.INPUT, t))) {
            OnnxTensor out = (OnnxTensor) r.get(DepthAnythingV2Replica.OUTPUT).orElseThrow();
            assertArrayEquals(new long[] {n, h, w}, out.getInfo().getShape());
            FloatBuffer fb = out.getFloatBuffer();
            float[] y = new float[fb.remaining()];
            fb.get(y);
            float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
            for (float v : y) {
                assertTrue(Float.isFinite(v), "finite depth");
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(min >= 0f, "depth after ReLU is not negative, min " + min);
            assertTrue(max > min, "depth varies over the image");
            System.out.printf("ViT-S replica on %dx3x%dx%d: depth in [%.4g, %.4g]%n", n, h, w, min, max);
            return y;
        }
    }
}
