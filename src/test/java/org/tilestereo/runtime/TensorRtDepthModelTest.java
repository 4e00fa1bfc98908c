package org.tilestereo.runtime;

import org.tilestereo.plan.Precision;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.cuda.CudaProbe;
import org.tilestereo.depth.DepthBatch;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.runtime.OnnxRuntimeDepthModel;
import org.tilestereo.kernels.ModelInput;

/**
 * The TensorRT depth model. Without TensorRT it refuses to open with one clear line (checked
 * everywhere); with TensorRT and a GPU it is compared with ONNX Runtime (skipped elsewhere, with the
 * reason).
 */
class TensorRtDepthModelTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    private RuntimeOptions options(Precision p) {
        return new RuntimeOptions(DepthRuntime.TENSORRT, p, null, dir.resolve("engines"), dir.resolve("models"), 256L << 20);
    }

    @Test
    void withoutTensorRtOpeningSaysWhyInOneLine() throws Exception {
        Assumptions.assumeFalse(TensorRtProbe.status().loaded() && Availability.gpuOf(CudaProbe.probe()).ok(),
                "TensorRT and a GPU are here: the refusal cannot be seen");
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(3), dir.resolve("conv.onnx"));
        DepthException e = assertThrows(DepthException.class, () -> TensorRtDepthModel.open(model, options(Precision.FP16), 4, log));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith("TensorRT unavailable: ") || e.getMessage().startsWith("TensorRT: no usable GPU"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--runtime onnxruntime"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("engines")), "nothing built, nothing cached");
    }

    private static void assumeTensorRtAndGpu() {
        TensorRtProbe.Status trt = TensorRtProbe.status();
        Availability gpu = Availability.gpuOf(CudaProbe.probe());
        Assumptions.assumeTrue(trt.loaded() && gpu.ok(), "TensorRT engine test skipped: " + (trt.loaded() ? "" : trt.summary() + "; ")
                + (gpu.ok() ? "" : gpu.reason()));
    }

    private static float[] randomInput(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    @Test
    void fp16EngineMatchesOnnxRuntimeAndIsCached() throws Exception {
        assumeTensorRtAndGpu();
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(3), dir.resolve("conv.onnx"));
        ModelInput in = new ModelInput(70, 42, ModelInput.IMAGENET_MEAN, ModelInput.IMAGENET_STD);
        float[] x = randomInput(2 * in.floatsPerImage(), 1);
        float[] reference;
        try (OnnxRuntimeDepthModel ort = OnnxRuntimeDepthModel.open(model)) {
            reference = ort.run(x, 2, in).values().clone();
        }
        try (TensorRtDepthModel trt = TensorRtDepthModel.open(model, options(Precision.FP16), 4, log)) {
            trt.prepare(List.of(new InputShape(4, 42, 70), new InputShape(1, 28, 56)));
            assertTrue(trt.lastBuildSeconds() > 0, "built");
            DepthBatch d = trt.run(x, 2, in);
            assertEquals(70, d.width());
            assertEquals(42, d.height());
            double maxErr = 0;
            for (int i = 0; i < 2 * 70 * 42; i++) maxErr = Math.max(maxErr, Math.abs(d.values()[i] - reference[i]));
            System.out.println("TensorRT FP16 vs ONNX Runtime: max |diff| " + maxErr + "; " + trt.describe());
            assertTrue(maxErr < 0.05, "FP16 within 0.05 of FP32: " + maxErr);
            long small = trt.activationBytes(new InputShape(1, 28, 56));
            long large = trt.activationBytes(new InputShape(4, 42, 70));
            System.out.println("device memory: 1x3x28x56 " + small + " B, 4x3x42x70 " + large + " B, context " + trt.contextBytes() + " B");
            assertTrue(large >= small && trt.contextBytes() >= large);
        }
        try (Stream<Path> s = Files.list(dir.resolve("engines"))) {
            assertEquals(1, s.filter(p -> p.toString().endsWith(".engine")).count());
        }
        try (TensorRtDepthModel again = TensorRtDepthModel.open(model, options(Precision.FP16), 4, log)) {
            again.prepare(List.of(new InputShape(4, 42, 70), new InputShape(1, 28, 56)));
            assertEquals(-1, again.lastBuildSeconds(), "the second open loads the cached engine");
        }
    }

    @Test
    void int8EngineCalibratesOnItsInputAndKeepsTheTable() throws Exception {
        assumeTensorRtAndGpu();
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(4), dir.resolve("conv8.onnx"));
        ModelInput in = new ModelInput(56, 56, ModelInput.IMAGENET_MEAN, ModelInput.IMAGENET_STD);
        float[] x = randomInput(in.floatsPerImage(), 2);
        float[] reference;
        try (OnnxRuntimeDepthModel ort = OnnxRuntimeDepthModel.open(model)) {
            reference = ort.run(x, 1, in).values().clone();
        }
        try (TensorRtDepthModel trt = TensorRtDepthModel.open(model, options(Precision.INT8), 1, log)) {
            DepthBatch d = trt.run(x, 1, in);
            double rel = DepthDifference.absRel(d.values(), reference, 56 * 56);
            System.out.println("TensorRT INT8 vs ONNX Runtime: AbsRel " + rel);
            assertTrue(Double.isFinite(rel));
        }
        try (Stream<Path> s = Files.list(dir.resolve("engines"))) {
            assertEquals(1, s.filter(p -> p.toString().endsWith(".calibration")).count(), "the calibration table is kept");
        }
    }
}
