package org.tilestereo.run;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tilestereo.depth.DepthBatch;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.depth.DepthModel;
import org.tilestereo.runtime.OnnxRuntimeDepthModel;
import org.tilestereo.image.RgbImage;
import org.tilestereo.io.ImageFiles;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.java.JavaKernels;
import org.tilestereo.memory.Bytes;
import org.tilestereo.memory.PoolExhaustedException;
import org.tilestereo.cuda.CudaFrameOperators;
import org.tilestereo.onnx.OnnxModel;
import org.tilestereo.pipeline.StereoSettings;
import org.tilestereo.run.FrameMemory;
import org.tilestereo.plan.MemoryModel;
import org.tilestereo.plan.Detail;
import org.tilestereo.plan.Plan;
import org.tilestereo.plan.Planner;
import org.tilestereo.plan.Precision;
import org.tilestereo.plan.RuntimeRules;
import org.tilestereo.plan.replica.Replicas;
import org.tilestereo.testing.Samples;

/** A run planned from the replica's memory model: the pool sized from the plan, and one re-plan when it does not fit. */
class PlannedDepthSourceTest {

    /** The Java reference with a device pool that holds at most capacity bytes, like a fixed CUDA pool. */
    static StereoKernels withPoolOf(long capacity, long[] reserved) {
        JavaKernels java = new JavaKernels();
        return (StereoKernels) Proxy.newProxyInstance(StereoKernels.class.getClassLoader(), new Class<?>[] {StereoKernels.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("reserveDeviceMemory")) {
                        long bytes = (Long) args[0];
                        if (bytes > capacity) {
                            throw new PoolExhaustedException("device pool: this frame needs " + Bytes.format(bytes)
                                    + " but the pool holds " + Bytes.format(capacity), bytes, capacity, capacity);
                        }
                        reserved[0] = bytes;
                        return null;
                    }
                    try {
                        return method.invoke(java, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void thePoolIsSizedFromThePlanAndAnAllocationFailureReplansOnceWithSmallerTiles() throws Exception {
        Path file = Replicas.resolve("replica:vits", Replicas.defaultCacheDir());
        Planner planner = new Planner(MemoryModel.of(OnnxModel.read(file)), new FrameMemory(StereoSettings.defaults(), CudaFrameOperators.SIZES, b -> b), RuntimeRules.ONNX_RUNTIME_CPU);
        RgbImage frame = ImageFiles.readRgb(Samples.file("photos/building.jpg"));
        // A budget the whole frame fits under ONNX Runtime's rules (its Softmax is not in place).
        Planner.Request request = new Planner.Request("replica:vits", frame.width(), frame.height(), Precision.FP32, 0,
                2 * Bytes.GiB, "test", 140, false, Detail.FRAME);
        Plan first = planner.plan(request);
        Plan smaller = planner.shrink(first, request);
        assertEquals(Plan.Mode.FULL_FRAME, first.mode(), first.table());
        assertTrue(smaller.poolBytes() < first.poolBytes(), smaller.table());
        long capacity = (first.poolBytes() + smaller.poolBytes()) / 2;

        long[] reserved = {0};
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PlannedDepthSource source = new PlannedDepthSource(withPoolOf(capacity, reserved),
                OnnxRuntimeDepthModel.open(file), planner, (w, h) -> request, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            DepthMap d = source.depthOf(frame);
            String said = log.toString(StandardCharsets.UTF_8);
            assertTrue(said.contains("allocation failed") && said.contains("re-planned: tiles"), said);
            assertEquals(1, said.lines().count(), "one line: " + said);
            assertEquals(Plan.Mode.TILED, source.plan().mode());
            assertEquals(smaller.poolBytes(), reserved[0], "the pool is sized by the new plan");
            assertEquals(frame.width(), d.values().width());
            for (float v : d.values().data()) assertTrue(Float.isFinite(v));
            assertTrue(source.lastSeamScore() > 0, "a tiled frame has a seam score");
        }
    }

    /** A model whose engine reports its own device memory per shape, as TensorRT does. */
    static final class EngineReportingModel implements DepthModel, org.tilestereo.runtime.EngineMemory {
        final DepthModel inner;
        final java.util.function.ToLongFunction<org.tilestereo.runtime.InputShape> bytes;

        EngineReportingModel(DepthModel inner, java.util.function.ToLongFunction<org.tilestereo.runtime.InputShape> bytes) {
            this.inner = inner;
            this.bytes = bytes;
        }

        final java.util.List<java.util.List<org.tilestereo.runtime.InputShape>> prepared = new java.util.ArrayList<>();
        int activationQueries;
        /** false: an INT8 engine still to be calibrated on the first frame (it cannot be built to measure). */
        boolean measurable = true;

        @Override public boolean canMeasure() { return measurable; }

        @Override public long activationBytes(org.tilestereo.runtime.InputShape shape) {
            activationQueries++;
            return bytes.applyAsLong(shape);
        }
        @Override public void prepare(java.util.List<org.tilestereo.runtime.InputShape> planned) { prepared.add(planned); }
        /** The context is made for the whole profile: the largest of its shapes' figures. */
        @Override public long contextBytes() {
            return prepared.get(prepared.size() - 1).stream().mapToLong(bytes).max().orElseThrow();
        }
        @Override public String describe() { return inner.describe(); }
        @Override public org.tilestereo.kernels.ModelInput inputFor(int w, int h, int r) { return inner.inputFor(w, h, r); }
        @Override public org.tilestereo.kernels.ModelInput exactInput(int w, int h) { return inner.exactInput(w, h); }
        @Override public int maxBatch() { return inner.maxBatch(); }
        @Override public DepthBatch run(float[] nchw, int batch, org.tilestereo.kernels.ModelInput in) throws DepthException {
            return inner.run(nchw, batch, in);
        }
        @Override public void close() { inner.close(); }
    }

    @Test
    void theEnginesOwnMemoryFigureReplacesTheGraphEstimateAndCanChangeThePlan() throws Exception {
        Path file = Replicas.resolve("replica:vits", Replicas.defaultCacheDir());
        Planner planner = new Planner(MemoryModel.of(OnnxModel.read(file)), new FrameMemory(StereoSettings.defaults(), CudaFrameOperators.SIZES, b -> b), RuntimeRules.ONNX_RUNTIME_CPU);
        RgbImage frame = ImageFiles.readRgb(Samples.file("photos/building.jpg"));
        Planner.Request request = new Planner.Request("replica:vits", frame.width(), frame.height(), Precision.FP16, 0,
                1 * Bytes.GiB, "test", 140, true, Detail.FRAME);
        assertEquals(Plan.Mode.FULL_FRAME, planner.plan(request).mode(), "the graph estimate alone fits the whole frame");
        // The "engine" needs 600 MiB for a whole-frame shape, 20 MiB per tile-sized image.
        EngineReportingModel model = new EngineReportingModel(OnnxRuntimeDepthModel.open(file),
                s -> s.height() * s.width() > 400_000 ? 600 * Bytes.MiB : 20 * Bytes.MiB * s.batch());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PlannedDepthSource source = new PlannedDepthSource(new JavaKernels(), model, planner, (w, h) -> request,
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            source.depthOf(frame);
            String said = log.toString(StandardCharsets.UTF_8);
            assertTrue(said.contains("TensorRT needs 600.0 MiB"), said);
            assertEquals(Plan.Mode.TILED, source.plan().mode(), source.plan().table());
            assertTrue(source.plan().lines().stream().anyMatch(l -> l.label().startsWith("activations (TensorRT engine")),
                    source.plan().table());
            assertTrue(source.plan().total() <= source.plan().budget());
            // One engine per plan weighed, covering all its shapes (not one for the tiles, then another
            // for the whole-frame pass), measured as its context takes memory, for the whole profile.
            assertEquals(2, model.prepared.size(), model.prepared.toString());
            assertEquals(1, model.prepared.get(0).size(), "the whole frame: " + model.prepared);
            assertEquals(2, model.prepared.get(1).size(), "the tiles and the whole-frame pass: " + model.prepared);
            assertEquals(0, model.activationQueries, "the context's figure for the profile, not per shape");
        }
    }

    @Test
    void aSecondFailureIsAnErrorThatSaysSo() throws Exception {
        Path file = Replicas.resolve("replica:vits", Replicas.defaultCacheDir());
        Planner planner = new Planner(MemoryModel.of(OnnxModel.read(file)), new FrameMemory(StereoSettings.defaults(), CudaFrameOperators.SIZES, b -> b), RuntimeRules.ONNX_RUNTIME_CPU);
        RgbImage frame = ImageFiles.readRgb(Samples.file("photos/fruits.jpg"));
        Planner.Request request = new Planner.Request("replica:vits", frame.width(), frame.height(), Precision.FP32, 0,
                1 * Bytes.GiB, "test", 140, false, Detail.FRAME);
        try (PlannedDepthSource source = new PlannedDepthSource(withPoolOf(1, new long[1]),
                OnnxRuntimeDepthModel.open(file), planner, (w, h) -> request, new PrintStream(new ByteArrayOutputStream()))) {
            DepthException e = assertThrows(DepthException.class, () -> source.depthOf(frame));
            assertTrue(e.getMessage().contains("out of memory") && e.getMessage().contains("no smaller plan fits"), e.getMessage());
        }
    }

    /**
     * --precision int8 without --calibration: the engine is calibrated on the first real frame, so it
     * cannot be built to size the plan; the plan keeps the graph's estimate and says so (it used to
     * fail: the build for measuring had no calibration data).
     */
    @Test
    void anEngineThatCannotBeMeasuredYetLeavesTheGraphEstimate() throws Exception {
        Path file = Replicas.resolve("replica:vits", Replicas.defaultCacheDir());
        Planner planner = new Planner(MemoryModel.of(OnnxModel.read(file)), new FrameMemory(StereoSettings.defaults(), CudaFrameOperators.SIZES, b -> b), RuntimeRules.ONNX_RUNTIME_CPU);
        RgbImage frame = ImageFiles.readRgb(Samples.file("photos/building.jpg"));
        Planner.Request request = new Planner.Request("replica:vits", frame.width(), frame.height(), Precision.INT8, 0,
                1 * Bytes.GiB, "test", 140, true, Detail.FRAME);
        EngineReportingModel model = new EngineReportingModel(OnnxRuntimeDepthModel.open(file), s -> 600 * Bytes.MiB);
        model.measurable = false;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PlannedDepthSource source = new PlannedDepthSource(new JavaKernels(), model, planner, (w, h) -> request,
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            source.depthOf(frame);
            String said = log.toString(StandardCharsets.UTF_8);
            assertTrue(said.contains("the INT8 engine is calibrated on the first frame"), said);
            assertEquals(List.of(), model.prepared, "no engine built to measure");
            assertEquals(planner.plan(request).decision(), source.plan().decision(), "the graph's plan");
        }
    }
}
