package org.tilestereo.runtime;

import org.tilestereo.plan.Precision;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.tensorrt.global.nvinfer;
import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.global.nvinfer.ExecutionContextAllocationStrategy;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IExecutionContext;
import org.bytedeco.tensorrt.nvinfer.IRuntime;
import org.tilestereo.cuda.CudaException;
import org.tilestereo.cuda.CudaFrameOperators;
import org.tilestereo.cuda.CudaMemory;
import org.tilestereo.cuda.CudaProbe;
import org.tilestereo.cuda.DeviceBuffer;
import org.tilestereo.cuda.DeviceKind;
import org.tilestereo.depth.DepthBatch;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthModel;
import org.tilestereo.depth.DepthQueue;
import org.tilestereo.depth.DepthSize;
import org.tilestereo.kernels.FrameOperators;
import org.tilestereo.plan.ModelInputSize;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.memory.Arena;
import org.tilestereo.memory.PoolExhaustedException;
import org.tilestereo.io.CacheFolders;
import org.tilestereo.models.Sha256;

/**
 * A depth model run as a TensorRT engine.
 *
 * <p>The engine is made for an optimization profile covering the input shapes in use: those
 * {@link #prepare} is given (the plan's shapes), or, without a plan, the shapes {@link #run} meets;
 * a shape outside the profile makes a new engine for the larger profile. Engines come from the
 * {@link EngineCache} when there is a valid entry, else they are built (INT8: calibrated on the
 * --calibration folder, or on the input of the run that asked for the engine) and stored.
 *
 * <p>Execution: the context is created with user-managed device memory. In a run on the GPU that
 * memory is a slice of the run's one allocation ({@link #useDeviceScratch}, sized by
 * {@link #deviceScratchBytes} after planning), and {@link #enqueue} reads and writes the depth
 * stage's buffers where they lie, on the slot's stream, without waiting. Without a slice (the
 * host-array {@link #run}, or an engine rebuilt larger than planned) the model takes a block of its
 * own and says so; {@link #run} also takes input and output buffers of its own and waits once, for
 * its download. Tensors are bound by name.
 *
 * <p>Only opened when {@link TensorRtProbe} says TensorRT loaded; every native object is released by
 * {@link #close}, which is safe to call twice.
 */
public final class TensorRtDepthModel implements DepthModel, EngineMemory {
    private final Path onnx;
    private final String modelSha256;
    private final ModelFacts facts;
    private final RuntimeOptions options;
    private final int batchLimit;
    private final PrintStream log;
    private final String tensorRtVersion;
    private final CudaProbe.Device gpu;
    private final EngineCache cache;
    private final TrtLogger logger;
    private final IRuntime runtime;
    private final CUstream_st stream;
    private final EnginePool pool;
    private final List<InputShape> shapes = new ArrayList<>();

    private ShapeProfile profile;
    private ICudaEngine engine;
    private IExecutionContext context;
    /** The run's slice for the context memory (0: none given), and its size. */
    private long runScratch, runScratchBytes;
    /** Whether the context has its memory for the current engine. */
    private boolean contextBound;
    /** Context memory of the model's own, where the run gave none that fits; the host-array run's buffers. */
    private DeviceBlock ownContext, io;
    private long ownContextAt;
    private long inputAddress, outputAddress, contextBytes, outputCapacityFloats;
    private FloatPointer hostIn, hostOut;
    private float[] values = new float[0];
    private double lastBuildSeconds = -1;
    /**
     * Recorded after each enqueue: the context's memory serves one run at a time, so a run queued
     * on another stream (another slot) first waits for the last one. Made at the first enqueue.
     */
    private CUevent_st lastRun;
    private boolean closed;

    private TensorRtDepthModel(Path onnx, String sha, ModelFacts facts, RuntimeOptions options, int batchLimit, PrintStream log,
                               String version, CudaProbe.Device gpu, TrtLogger logger, IRuntime runtime, CUstream_st stream,
                               EnginePool pool) {
        this.onnx = onnx;
        this.modelSha256 = sha;
        this.facts = facts;
        this.options = options;
        this.batchLimit = batchLimit;
        this.log = log;
        this.tensorRtVersion = version;
        this.gpu = gpu;
        this.cache = new EngineCache(CacheFolders.engines(options.engineCache()));
        this.logger = logger;
        this.runtime = runtime;
        this.stream = stream;
        this.pool = pool;
    }

    /**
     * Checks that TensorRT and a GPU are there and reads the model; builds nothing yet.
     *
     * @param batchLimit most images per run when the model does not fix its batch (the plan's tile batch)
     */
    public static TensorRtDepthModel open(Path onnx, RuntimeOptions options, int batchLimit, PrintStream log) throws DepthException {
        return open(onnx, options, batchLimit, log, null);
    }

    /**
     * As {@link #open(Path, RuntimeOptions, int, PrintStream)}, with the engine's device memory (context
     * scratch, input, output) reserved from the run's pool; null: one cudaMalloc of its own per engine.
     */
    public static TensorRtDepthModel open(Path onnx, RuntimeOptions options, int batchLimit, PrintStream log, EnginePool pool)
            throws DepthException {
        TensorRtProbe.Status trt = TensorRtProbe.status();
        if (!trt.loaded()) {
            throw new DepthException(trt.summary());
        }
        CudaProbe.Report cuda = CudaProbe.probe();
        Availability usable = Availability.gpuOf(cuda);
        if (!usable.ok()) {
            throw new DepthException("TensorRT: " + usable.reason() + " (use --runtime onnxruntime)");
        }
        if (batchLimit < 1) {
            throw new IllegalArgumentException("batch limit must be at least 1, got " + batchLimit);
        }
        ModelFacts facts = ModelFacts.checked(onnx);
        String sha;
        try {
            sha = Sha256.of(onnx);
        } catch (IOException e) {
            throw new DepthException("model " + onnx + ": cannot read it (" + e.getMessage() + ")", e);
        }
        TrtLogger logger = TrtLogger.shared(log, false);
        IRuntime runtime = nvinfer.createInferRuntime(logger);
        if (runtime == null || runtime.isNull()) {
            throw new DepthException("TensorRT createInferRuntime failed: " + logger.lastError());
        }
        CUstream_st stream = new CUstream_st();
        try {
            CudaException.check(cudart.cudaStreamCreateWithFlags(stream, cudart.cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
        } catch (CudaException e) {
            TensorRtObjects.destroy(runtime);
            throw new DepthException("TensorRT: " + e.getMessage(), e);
        }
        return new TensorRtDepthModel(onnx, sha, facts, options, batchLimit, log, trt.version(),
                cuda.devices().get(cuda.device()), logger, runtime, stream, pool);
    }

    /** An engine is built at the precision asked for (FP16 or INT8), and the plan may lower it. */
    @Override
    public boolean choosesPrecision() {
        return true;
    }

    @Override
    public boolean runsOnDevice() {
        return true;
    }

    @Override
    public String describe() {
        return "TensorRT " + tensorRtVersion + " (" + gpu.name() + ", sm_" + gpu.computeCapability() + ", "
                + options.precision().option() + ") running " + onnx.getFileName();
    }

    @Override
    public ModelInput inputFor(int width, int height, int resolution) {
        int[] size = ModelInputSize.forRegion(width, height, resolution, facts.fixedWidth(), facts.fixedHeight());
        return new ModelInput(size[0], size[1], facts.mean(), facts.std());
    }

    @Override
    public ModelInput exactInput(int width, int height) {
        return new ModelInput(facts.fixedWidth() > 0 ? facts.fixedWidth() : width,
                facts.fixedHeight() > 0 ? facts.fixedHeight() : height, facts.mean(), facts.std());
    }

    @Override
    public int maxBatch() {
        return facts.fixedBatch() > 0 ? facts.fixedBatch() : batchLimit;
    }

    /** Seconds the last engine build took, or -1 when every engine so far came from the cache. */
    public double lastBuildSeconds() {
        return lastBuildSeconds;
    }

    /** The current engine's profile, or null before the first engine. */
    @Override
    public Path file() {
        return onnx;
    }

    public ShapeProfile profile() {
        return profile;
    }

    /**
     * Makes (or loads) the engine for a profile covering these shapes, so that the run meets no
     * rebuild; calibration for INT8 without a --calibration folder needs {@link #run}'s input instead.
     */
    @Override
    public void prepare(List<InputShape> planned) throws DepthException {
        requireOpen();
        List<InputShape> all = new ArrayList<>(shapes);
        for (InputShape s : planned) {
            all.add(facts.constrain(s));
        }
        engineFor(all, null);
    }

    @Override
    public long activationBytes(InputShape shape) throws DepthException {
        requireOpen();
        InputShape s = facts.constrain(shape);
        if (profile == null || !profile.covers(s)) {
            List<InputShape> all = new ArrayList<>(shapes);
            all.add(s);
            engineFor(all, null);
        }
        setShape(s);
        return context.updateDeviceMemorySizeForShapes();
    }

    /** The device memory the context holds: enough for every shape of the profile. */
    @Override
    public long contextBytes() {
        return contextBytes;
    }

    private void requireBatch(int batch, ModelInput input) {
        if (batch < 1 || batch > maxBatch()) {
            throw new IllegalArgumentException("model " + onnx + ": batch must be 1.." + maxBatch() + ", got " + batch);
        }
        if ((facts.fixedWidth() > 0 && input.width() != facts.fixedWidth())
                || (facts.fixedHeight() > 0 && input.height() != facts.fixedHeight())) {
            throw new IllegalArgumentException("model " + onnx + " takes " + facts.fixedWidth() + "x" + facts.fixedHeight()
                    + " images, got " + input.width() + "x" + input.height());
        }
    }

    /** The host-array entry (tests, benchmarks): the input goes up, the depth comes back, and it waits. */
    @Override
    public DepthBatch run(float[] nchw, int batch, ModelInput input) throws DepthException {
        requireOpen();
        requireBatch(batch, input);
        int per = input.floatsPerImage();
        if (nchw.length < (long) batch * per) {
            throw new IllegalArgumentException("model " + onnx + ": input holds " + nchw.length + " floats, " + batch
                    + " images of " + input.width() + "x" + input.height() + " need " + (long) batch * per);
        }
        // A fixed batch is padded with zero images whose depth is dropped.
        InputShape shape = new InputShape(facts.fixedBatch() > 0 ? facts.fixedBatch() : batch, input.height(), input.width());
        if (profile == null || !profile.covers(shape)) {
            List<InputShape> all = new ArrayList<>(shapes);
            all.add(shape);
            if (profile != null) {
                log.println("note: TensorRT: input " + shape + " is outside the engine's " + profile + "; making a larger engine");
            }
            engineFor(all, padded(nchw, batch * per, shape));
        }
        bindContextMemory();
        ensureIo();
        hostIn.position(0).put(nchw, 0, batch * per);
        long total = shape.floats();
        if (total > (long) batch * per) {
            hostIn.position(batch * per).put(new float[(int) (total - (long) batch * per)]);
        }
        CudaException.check(cudart.cudaMemcpyAsync(CudaMemory.at(inputAddress), hostIn.position(0), total * Float.BYTES,
                cudart.cudaMemcpyHostToDevice, stream), "cudaMemcpyAsync of the TensorRT input");
        int[] out = enqueue(inputAddress, outputAddress, outputCapacityFloats, shape, stream);
        int h = out[1], w = out[2];
        long n = (long) shape.batch() * h * w;
        CudaException.check(cudart.cudaMemcpyAsync(hostOut.position(0), CudaMemory.at(outputAddress), n * Float.BYTES,
                cudart.cudaMemcpyDeviceToHost, stream), "cudaMemcpyAsync of the TensorRT output");
        CudaException.check(cudart.cudaStreamSynchronize(stream), "cudaStreamSynchronize after TensorRT");
        int keep = batch * h * w;
        if (values.length < keep) {
            values = new float[keep];
        }
        hostOut.position(0).get(values, 0, keep);
        return new DepthBatch(values, batch, w, h);
    }

    /**
     * The main entry on a GPU: the input is read where tile_extract wrote it and the depth written
     * where the stage wants it, on the operators' stream, without waiting. Operators that are not
     * on this GPU (the Java reference, the software device) go through the host adapter instead.
     */
    @Override
    public <B> DepthSize enqueue(DepthQueue<B> queue, B input, int batch, ModelInput in, B output) throws DepthException {
        if (!(queue.operators() instanceof CudaFrameOperators ops) || ops.device() != DeviceKind.CUDA
                || !(input instanceof DeviceBuffer src) || !(output instanceof DeviceBuffer dst)) {
            return DepthModel.super.enqueue(queue, input, batch, in, output);
        }
        requireOpen();
        requireBatch(batch, in);
        InputShape shape = new InputShape(paddedBatch(batch), in.height(), in.width());
        src.require("TensorRT input", shape.floats() * Float.BYTES);
        if (profile == null || !profile.covers(shape)) {
            List<InputShape> all = new ArrayList<>(shapes);
            all.add(shape);
            if (profile != null) {
                log.println("note: TensorRT: input " + shape + " is outside the engine's " + profile + "; making a larger engine");
            }
            engineFor(all, needsCalibration() && options.calibration() == null ? inputOnHost(src, shape, ops) : null);
        }
        bindContextMemory();
        int[] out = enqueue(src.address(), dst.address(), dst.bytes() / Float.BYTES, shape,
                new CUstream_st(CudaMemory.at(ops.stream().address())));
        return new DepthSize(out[2], out[1]);
    }

    private void said(String call, int status) {
        if (status != cudart.cudaSuccess) {
            cudart.cudaGetLastError();
            log.println("note: closing TensorRT model " + onnx.getFileName() + ": " + call + " failed with CUDA error " + status);
        }
    }

    /** Whether TensorRT's message says it ran out of memory (then a cached engine is not at fault). */
    static boolean outOfMemory(String message) {
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("out of memory") || m.contains("cudaerrormemoryallocation") || m.contains("failed to allocate");
    }

    /** The stage's input on the host, once its tile_extract is done: what an INT8 engine is calibrated on. */
    private static CalibrationBatches inputOnHost(DeviceBuffer src, InputShape shape, CudaFrameOperators ops) {
        ops.stream().synchronize();
        long floats = shape.floats();
        try (FloatPointer host = new FloatPointer(floats)) {
            CudaException.check(cudart.cudaMemcpy(host, CudaMemory.at(src.address()), floats * Float.BYTES,
                    cudart.cudaMemcpyDeviceToHost), "cudaMemcpy of the calibration input");
            float[] values = new float[(int) floats];
            host.get(values);
            return CalibrationBatches.fromInput(values, shape);
        }
    }

    /**
     * Queues the engine on a stream: input at a device address (NCHW float, shape), depth written at
     * output, which holds outputFloats. Returns the output's batch, height and width. Does not wait.
     */
    int[] enqueue(long input, long output, long outputFloats, InputShape shape, CUstream_st on) throws DepthException {
        requireOpen();
        if (profile == null || !profile.covers(shape)) {
            throw new DepthException("TensorRT: input " + shape + " is outside the engine's " + profile + "; prepare() it first");
        }
        setShape(shape);
        Dims64 od = context.getTensorShape(facts.outputName());
        int rank = od.nbDims();
        boolean ok = (rank == 3) || (rank == 4 && od.d(1) == 1);
        if (!ok || od.d(0) != shape.batch()) {
            throw new DepthException("model " + onnx + ": output '" + facts.outputName() + "' has shape " + dimsText(od)
                    + " for input " + shape + "; expected [" + shape.batch() + ",1,H,W] or [" + shape.batch() + ",H,W]");
        }
        int h = (int) od.d(rank - 2), w = (int) od.d(rank - 1);
        if ((long) shape.batch() * h * w > outputFloats) {
            throw new DepthException("model " + onnx + ": output " + dimsText(od) + " does not fit the " + outputFloats
                    + " floats planned for it");
        }
        if (!context.setTensorAddress(facts.inputName(), CudaMemory.at(input))
                || !context.setTensorAddress(facts.outputName(), CudaMemory.at(output))) {
            throw new DepthException("TensorRT setTensorAddress failed: " + logger.lastError());
        }
        if (lastRun == null) {
            CUevent_st e = new CUevent_st();
            CudaException.check(cudart.cudaEventCreateWithFlags(e, cudart.cudaEventDisableTiming), "cudaEventCreateWithFlags");
            lastRun = e;
        } else {
            CudaException.check(cudart.cudaStreamWaitEvent(on, lastRun, 0), "cudaStreamWaitEvent for the last TensorRT run");
        }
        if (!context.enqueueV3(on)) {
            throw new DepthException("TensorRT enqueueV3 failed for input " + shape + ": " + logger.lastError());
        }
        CudaException.check(cudart.cudaEventRecord(lastRun, on), "cudaEventRecord after TensorRT");
        return new int[] {shape.batch(), h, w};
    }

    @Override
    public int paddedBatch(int batch) {
        return facts.fixedBatch() > 0 ? facts.fixedBatch() : batch;
    }

    private void setShape(InputShape s) throws DepthException {
        if (!context.setInputShape(facts.inputName(), EngineBuilder.dims(s))) {
            throw new DepthException("TensorRT refused input shape " + s + " (" + profile + "): " + logger.lastError());
        }
    }

    private void engineFor(List<InputShape> wanted, CalibrationBatches fromInput) throws DepthException {
        ShapeProfile p = facts.constrain(ShapeProfile.covering(wanted));
        CalibrationBatches calibration = calibrationFor(p, fromInput);
        // An INT8 engine is its calibration's too: other images give other scales, hence another entry.
        EngineCacheKey key = new EngineCacheKey(modelSha256, gpu.name(), gpu.computeCapability(), tensorRtVersion,
                options.precision(), p, options.workspace(), calibration == null ? "" : calibration.sourceId());
        releaseEngine();
        ByteBuffer plan;
        try {
            plan = cache.loadOrBuild(key, () -> build(p, calibration), log);
        } catch (DepthException e) {
            throw e;
        } catch (Exception e) {
            throw new DepthException("TensorRT engine of " + onnx + ": " + e.getMessage(), e);
        }
        engine = runtime.deserializeCudaEngine(new BytePointer(plan), plan.remaining());
        if ((engine == null || engine.isNull()) && outOfMemory(logger.lastError())) {
            // The entry is fine; the GPU is full. Keep it, and let the planner ask for less.
            throw new PoolExhaustedException("TensorRT could not load the " + key.summary() + ": " + logger.lastError(),
                    plan.remaining(), 0, 0);
        }
        if (engine == null || engine.isNull()) {
            // A valid checksum but an engine TensorRT will not load (another format or version): never trust it again.
            try {
                cache.invalidate(key);
            } catch (IOException ignored) {
                // it is rebuilt below either way
            }
            log.println("note: TensorRT refused the cached engine (" + logger.lastError() + "); rebuilding it");
            ByteBuffer rebuilt;
            try {
                rebuilt = build(p, calibration);
                cache.store(key, rebuilt);
            } catch (IOException e) {
                throw new DepthException("engine cache " + cache.folder() + ": " + e.getMessage(), e);
            }
            engine = runtime.deserializeCudaEngine(new BytePointer(rebuilt), rebuilt.remaining());
            if (engine == null || engine.isNull()) {
                throw new DepthException("TensorRT cannot deserialize the engine it just built: " + logger.lastError());
            }
        }
        checkIo();
        context = engine.createExecutionContext(ExecutionContextAllocationStrategy.kUSER_MANAGED);
        if (context == null || context.isNull()) {
            throw new DepthException("TensorRT createExecutionContext failed: " + logger.lastError());
        }
        profile = p;
        contextBytes = engine.getDeviceMemorySizeForProfileV2(0);
        setShape(p.max());
        Dims64 od = context.getTensorShape(facts.outputName());
        long outFloats = 1;
        for (int i = 0; i < od.nbDims(); i++) {
            outFloats *= Math.max(1, od.d(i));
        }
        outputCapacityFloats = outFloats;
        contextBound = false;
        shapes.clear();
        shapes.addAll(wanted);
    }

    /**
     * The images an INT8 engine is calibrated on: the --calibration folder, else the input of the run
     * that asked for the engine; null for FP16 and for models quantized already (Q/DQ nodes).
     */
    private CalibrationBatches calibrationFor(ShapeProfile p, CalibrationBatches fromInput) throws DepthException {
        if (!needsCalibration()) {
            return null;
        }
        if (options.calibration() != null) {
            InputShape cs = new InputShape(facts.fixedBatch() > 0 ? facts.fixedBatch() : 1, p.opt().height(), p.opt().width());
            return CalibrationBatches.fromFolder(options.calibration(), cs, facts.mean(), facts.std(),
                    CalibrationBatches.DEFAULT_MAX_IMAGES);
        }
        if (fromInput == null) {
            throw new DepthException("INT8 engine of " + onnx + ": give calibration images with --calibration DIR"
                    + " (or let the first frame calibrate it)");
        }
        return fromInput;
    }

    private boolean needsCalibration() {
        return switch (options.precision()) {
            case INT8 -> !facts.quantized();
            case FP16, FP32 -> false;
        };
    }

    /**
     * Whether an engine can be built now to measure its memory: not an INT8 engine to be calibrated
     * on the first frame, which does not exist before that frame (the plan uses the graph's estimate).
     */
    @Override
    public boolean canMeasure() {
        return engine != null || !needsCalibration() || options.calibration() != null;
    }

    private ByteBuffer build(ShapeProfile p, CalibrationBatches calibration) throws DepthException {
        CalibrationCache table = null;
        if (calibration != null) {
            table = new CalibrationCache(cache.folder(), modelSha256, tensorRtVersion, calibration.shape(), calibration.sourceId());
        }
        log.println("note: building a TensorRT " + options.precision().option() + " engine of " + onnx.getFileName() + " for "
                + gpu.name() + " (" + p + "); this takes a while once, then it is cached in " + cache.folder());
        long t0 = System.nanoTime();
        ByteBuffer out = EngineBuilder.build(onnx, facts, options.precision(), p, options.workspace(), calibration, table, logger, log);
        lastBuildSeconds = (System.nanoTime() - t0) / 1e9;
        log.println(String.format(Locale.ROOT, "note: engine built in %.1f s (%d MB)", lastBuildSeconds, out.remaining() >> 20));
        return out;
    }

    private void checkIo() throws DepthException {
        int n = engine.getNbIOTensors();
        if (n != 2) {
            throw new DepthException("model " + onnx + ": the engine has " + n + " inputs and outputs; the TensorRT runtime"
                    + " handles one image input and one depth output (use --runtime onnxruntime)");
        }
        for (String t : new String[] {facts.inputName(), facts.outputName()}) {
            if (engine.getTensorDataType(t).value != DataType.kFLOAT.value) {
                throw new DepthException("model " + onnx + ": tensor '" + t + "' is " + engine.getTensorDataType(t) + " in the engine; expected FLOAT");
            }
        }
    }

    private static CalibrationBatches padded(float[] nchw, int given, InputShape shape) {
        float[] b = new float[(int) shape.floats()];
        System.arraycopy(nchw, 0, b, 0, Math.min(given, b.length));
        return CalibrationBatches.fromInput(b, shape);
    }

    private static String dimsText(Dims64 d) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < d.nbDims(); i++) {
            s.append(i > 0 ? "," : "").append(d.d(i));
        }
        return s.append(']').toString();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("model " + onnx + " is closed");
        }
    }

    private void releaseEngine() {
        // Deleted for real: the context before the engine it runs, and the engine's weights leave the device.
        if (context != null) {
            TensorRtObjects.destroy(context);
            context = null;
        }
        if (engine != null) {
            TensorRtObjects.destroy(engine);
            engine = null;
        }
        releaseOwnMemory();
        profile = null;
        contextBound = false;
    }

    private void releaseOwnMemory() {
        if (ownContext != null) {
            ownContext.close();
            ownContext = null;
        }
        if (io != null) {
            io.close();
            io = null;
        }
        if (hostIn != null) {
            hostIn.close();
            hostOut.close();
            hostIn = hostOut = null;
        }
    }

    /**
     * Gives the context its memory before a run: the run's slice where one was given and fits, else
     * a block of the model's own (said in one line when the run's slice is too small).
     */
    private void bindContextMemory() {
        if (contextBound) {
            return;
        }
        if (contextBytes == 0) {
            contextBound = true; // an engine that needs no scratch gets none
            return;
        }
        long at;
        if (runScratch != 0 && runScratchBytes >= contextBytes) {
            at = runScratch;
        } else {
            if (runScratch != 0) {
                log.println("note: TensorRT: the engine for " + profile + " needs " + contextBytes
                        + " bytes of context memory, more than the " + runScratchBytes + " the run planned; it takes its own");
            }
            if (ownContext == null) {
                ownContext = pool == null ? DeviceBlock.allocate(contextBytes, "TensorRT context memory")
                        : DeviceBlock.over(pool.reserve(Arena.aligned(contextBytes), "TensorRT context (" + profile + ")"),
                                Arena.aligned(contextBytes), "TensorRT context memory");
                ownContextAt = ownContext.take(contextBytes, "TensorRT context (" + profile + ")");
            }
            at = ownContextAt;
        }
        context.setDeviceMemoryV2(CudaMemory.at(at), contextBytes);
        contextBound = true;
    }

    /** The host-array run's input and output buffers, for the profile's largest shape. */
    private void ensureIo() {
        if (io != null) {
            return;
        }
        long inFloats = profile.max().floats();
        long total = Arena.aligned(inFloats * 4) + Arena.aligned(outputCapacityFloats * 4);
        io = DeviceBlock.allocate(total, "TensorRT input and output of a host-array run");
        inputAddress = io.take(inFloats * 4, "model input");
        outputAddress = io.take(outputCapacityFloats * 4, "model output");
        hostIn = new FloatPointer(inFloats);
        hostOut = new FloatPointer(outputCapacityFloats);
    }

    /** The context memory the engine for the planned shapes needs; 0 before an engine exists. */
    @Override
    public long deviceScratchBytes() {
        return engine == null ? 0 : contextBytes;
    }

    /**
     * The context's memory from now on is scratch, a slice of the run's allocation on the GPU (on any
     * other device it is not for TensorRT, and the model keeps its own).
     */
    @Override
    public <B> void useDeviceScratch(FrameOperators<B> ops, B scratch) {
        if (!(ops instanceof CudaFrameOperators c) || c.device() != DeviceKind.CUDA || !(scratch instanceof DeviceBuffer d)) {
            return;
        }
        waitForRuns();
        runScratch = d.address();
        runScratchBytes = d.bytes();
        contextBound = false;
        if (ownContext != null) {
            ownContext.close();
            ownContext = null;
        }
    }

    /** The run's slice is going away: later runs take memory of the model's own. */
    @Override
    public void releaseDeviceScratch() {
        if (runScratch != 0) {
            waitForRuns();
            runScratch = runScratchBytes = 0;
            contextBound = false;
        }
    }

    /** Waits for the runs queued so far, on this model's stream and any slot's. */
    private void waitForRuns() {
        cudart.cudaStreamSynchronize(stream);
        if (lastRun != null) {
            cudart.cudaEventSynchronize(lastRun);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Queued work may still use the buffers about to be freed, on this model's stream or a slot's.
        // A failure here is said, not thrown: the rest is freed either way.
        said("cudaStreamSynchronize", cudart.cudaStreamSynchronize(stream));
        if (lastRun != null) {
            said("cudaEventSynchronize", cudart.cudaEventSynchronize(lastRun));
            said("cudaEventDestroy", cudart.cudaEventDestroy(lastRun));
        }
        releaseEngine();
        TensorRtObjects.destroy(runtime);
        said("cudaStreamDestroy", cudart.cudaStreamDestroy(stream));
    }
}
