package org.tilestereo.runtime;

import org.tilestereo.depth.DepthBatch;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthModel;
import org.tilestereo.depth.ModelNormalization;
import org.tilestereo.plan.ModelInputSize;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tilestereo.kernels.ModelInput;

/**
 * A depth model run by ONNX Runtime on the CPU, with ONNX Runtime's default thread count.
 *
 * <p>The model must have one float input of rank 4 with 3 channels, {@code [N,3,H,W]}, and its first
 * output must be a float {@code [N,1,H,W]} or {@code [N,H,W]}; N, H and W may be fixed or symbolic.
 * A fixed N is the batch every run is padded to; fixed H and W are the input size for every frame.
 *
 * <p>Normalisation is ImageNet's unless the model's metadata (metadata_props) holds the keys
 * {@value #MEAN_KEY} and/or {@value #STD_KEY}, each three comma-separated floats for R, G, B applied
 * as {@code (v / 255 - mean) / std}.
 */
public final class OnnxRuntimeDepthModel implements DepthModel {
    /** Metadata keys of the normalisation (see {@link ModelNormalization}). */
    public static final String MEAN_KEY = ModelNormalization.MEAN_KEY;
    public static final String STD_KEY = ModelNormalization.STD_KEY;

    /** Output buffers kept per input shape; a tiled frame uses at most two (full and last batch). */
    private static final int PINNED_SHAPES = 4;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String source;
    private final Path file;
    private final String inputName;
    private final String outputName;
    private final int fixedBatch, fixedHeight, fixedWidth;
    private final float[] mean, std;

    private FloatBuffer inputBuffer;
    private float[] values = new float[0];
    private final Map<List<Long>, PinnedOutput> pinned = new LinkedHashMap<>();
    private boolean closed;

    /** An output tensor over our own direct buffer, so repeated runs of one shape allocate nothing. */
    private record PinnedOutput(OnnxTensor tensor, FloatBuffer buffer, long[] shape) {
    }

    private OnnxRuntimeDepthModel(OrtEnvironment env, OrtSession session, String source, Path file) throws DepthException {
        this.file = file;
        this.env = env;
        this.session = session;
        this.source = source;
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (inputs.size() != 1) {
                throw fail("expected one image input [N,3,H,W], found " + inputs.size() + " " + inputs.keySet());
            }
            NodeInfo in = inputs.values().iterator().next();
            TensorInfo inInfo = floatTensor(in, "input");
            long[] s = inInfo.getShape();
            if (s.length != 4 || (s[1] != 3 && s[1] >= 0)) {
                throw fail("input '" + in.getName() + "' has shape " + shape(inInfo) + "; expected [N,3,H,W]");
            }
            if (outputs.isEmpty()) {
                throw fail("has no output");
            }
            NodeInfo out = outputs.values().iterator().next();
            TensorInfo outInfo = floatTensor(out, "output");
            long[] o = outInfo.getShape();
            if (!(o.length == 3 || (o.length == 4 && (o[1] == 1 || o[1] < 0)))) {
                throw fail("output '" + out.getName() + "' has shape " + shape(outInfo) + "; expected [N,1,H,W] or [N,H,W]");
            }
            this.inputName = in.getName();
            this.outputName = out.getName();
            this.fixedBatch = fixedDim(s[0]);
            this.fixedHeight = fixedDim(s[2]);
            this.fixedWidth = fixedDim(s[3]);
            ModelNormalization n = ModelNormalization.of(session.getMetadata().getCustomMetadata(), source);
            this.mean = n.mean();
            this.std = n.std();
        } catch (OrtException e) {
            throw new DepthException("model " + source + ": cannot read its inputs and outputs (" + oneLine(e) + ")", e);
        }
    }

    /** Opens a model file; checks it is a readable ONNX model with a depth model's inputs and outputs. */
    public static OnnxRuntimeDepthModel open(Path file) throws DepthException {
        String name = file.toString();
        if (!Files.exists(file)) {
            throw new DepthException("model " + name + ": file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new DepthException("model " + name + ": not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new DepthException("model " + name + ": file is not readable");
        }
        // Proven before ONNX Runtime reads it: a malformed graph can crash the runtime (and the JVM).
        ModelFacts.checked(file);
        OrtEnvironment env = OnnxRuntimeEnvironment.get();
        OrtSession session;
        // From the path, not from bytes: ONNX Runtime then finds weights stored beside the model (external data).
        try (OrtSession.SessionOptions options = steadyOptions()) {
            session = env.createSession(name, options);
        } catch (OrtException e) {
            throw new DepthException("model " + name + ": not a valid ONNX model (" + oneLine(e) + ")", e);
        }
        return checked(env, session, name, file);
    }

    /** Opens a model held in memory; name stands for it in messages. */
    public static OnnxRuntimeDepthModel open(byte[] model, String name) throws DepthException {
        try {
            ModelFacts.checked(org.tilestereo.onnx.OnnxModel.read(model), name);
        } catch (RuntimeException e) {
            throw new DepthException("model " + name + ": not a valid ONNX model (" + e.getMessage() + ")", e);
        }
        OrtEnvironment env = OnnxRuntimeEnvironment.get();
        OrtSession session;
        try (OrtSession.SessionOptions options = steadyOptions()) {
            session = env.createSession(model, options);
        } catch (OrtException e) {
            throw new DepthException("model " + name + ": not a valid ONNX model (" + oneLine(e) + ")", e);
        }
        return checked(env, session, name, null);
    }

    /**
     * Options for a session that stays open for a whole video: memory pattern planning off. With it on,
     * for inputs of dynamic size ONNX Runtime records the allocations of run 1 and from run 2 takes them
     * as one block on top of what run 1 left in its arena, so the footprint grows after the first
     * frame (measured: ViT-S replica at 770x770, +500 MiB over runs 2-4 after run 1's 508 MiB; +28 KiB with
     * it off; SteadyFootprintTest). Weights are allocated apart from the arena, which then holds only
     * activations and starts empty: weights no longer leave the arena's doubling regions half used
     * (measured: ViT-S replica, resident memory after opening 133-140 MiB instead of 193 MiB), and the
     * planner's replay of the arena ({@code plan.ArenaReplay}) starts where the runtime starts.
     */
    static OrtSession.SessionOptions steadyOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setMemoryPatternOptimization(false);
            options.addConfigEntry("session.use_device_allocator_for_initializers", "1");
            return options;
        } catch (OrtException e) {
            options.close();
            throw e;
        }
    }

    private static OnnxRuntimeDepthModel checked(OrtEnvironment env, OrtSession session, String name, Path file)
            throws DepthException {
        try {
            return new OnnxRuntimeDepthModel(env, session, name, file);
        } catch (DepthException e) {
            closeQuietly(session);
            throw e;
        }
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public String describe() {
        String file = source;
        try {
            Path p = Path.of(source).getFileName();
            if (p != null) {
                file = p.toString();
            }
        } catch (RuntimeException notAPath) {
            // a name given for an in-memory model; use it as it is
        }
        return "ONNX Runtime " + env.getVersion() + " (CPU) running " + file;
    }

    @Override
    public ModelInput inputFor(int width, int height, int resolution) {
        int[] size = ModelInputSize.forRegion(width, height, resolution, fixedWidth, fixedHeight);
        return new ModelInput(size[0], size[1], mean, std);
    }

    @Override
    public ModelInput exactInput(int width, int height) {
        return new ModelInput(fixedWidth > 0 ? fixedWidth : width, fixedHeight > 0 ? fixedHeight : height, mean, std);
    }

    @Override
    public int maxBatch() {
        return fixedBatch > 0 ? fixedBatch : Integer.MAX_VALUE;
    }

    /** The name of the model's image input. */
    public String inputName() {
        return inputName;
    }

    @Override
    public DepthBatch run(float[] nchw, int batch, ModelInput input) throws DepthException {
        if (closed) {
            throw new IllegalStateException("model " + source + " is closed");
        }
        if (batch < 1 || batch > maxBatch()) {
            throw new IllegalArgumentException("model " + source + ": batch must be 1.." + maxBatch() + ", got " + batch);
        }
        if ((fixedWidth > 0 && input.width() != fixedWidth) || (fixedHeight > 0 && input.height() != fixedHeight)) {
            throw new IllegalArgumentException("model " + source + " takes " + fixedWidth + "x" + fixedHeight
                    + " images, got " + input.width() + "x" + input.height());
        }
        int perImage = input.floatsPerImage();
        if (nchw.length < (long) batch * perImage) {
            throw new IllegalArgumentException("model " + source + ": input holds " + nchw.length + " floats, "
                    + batch + " images of " + input.width() + "x" + input.height() + " need " + (long) batch * perImage);
        }
        // A fixed batch size is padded with zero images whose depth is dropped.
        int runBatch = fixedBatch > 0 ? fixedBatch : batch;
        long[] inShape = {runBatch, 3, input.height(), input.width()};
        FloatBuffer in = inputBuffer((long) runBatch * perImage);
        in.put(nchw, 0, batch * perImage);
        while (in.hasRemaining()) {
            in.put(0f);
        }
        in.flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, in, inShape)) {
            PinnedOutput out = pinned.get(key(inShape));
            if (out != null) {
                session.run(Map.of(inputName, tensor), Map.of(outputName, out.tensor)).close();
                return copyOut(out.buffer.duplicate().rewind(), out.shape, batch, inShape);
            }
            try (OrtSession.Result result = session.run(Map.of(inputName, tensor), Set.of(outputName))) {
                OnnxValue value = result.get(0);
                if (!(value instanceof OnnxTensor t) || t.getInfo().type != OnnxJavaType.FLOAT) {
                    throw new DepthException("model " + source + ": output '" + outputName + "' is not a float tensor");
                }
                long[] outShape = t.getInfo().getShape();
                DepthBatch depth = copyOut(t.getFloatBuffer(), outShape, batch, inShape);
                pin(inShape, outShape);
                return depth;
            }
        } catch (OrtException e) {
            throw new DepthException("model " + source + ": inference on input " + Arrays.toString(inShape)
                    + " failed (" + oneLine(e) + ")", e);
        }
    }

    private DepthBatch copyOut(FloatBuffer data, long[] outShape, int batch, long[] inShape) throws DepthException {
        boolean rank3 = outShape.length == 3;
        boolean rank4 = outShape.length == 4 && outShape[1] == 1;
        if (!(rank3 || rank4) || outShape[0] != inShape[0]) {
            throw new DepthException("model " + source + ": output '" + outputName + "' has shape "
                    + Arrays.toString(outShape) + " for input " + Arrays.toString(inShape)
                    + "; expected [" + inShape[0] + ",1,H,W] or [" + inShape[0] + ",H,W]");
        }
        int h = (int) outShape[outShape.length - 2];
        int w = (int) outShape[outShape.length - 1];
        int n = batch * w * h;
        if (values.length < n) {
            values = new float[n];
        }
        data.get(values, 0, n);
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(values[i])) {
                // A broken model (or one broken by this input) would otherwise give a picture with no depth, silently.
                int bad = 0;
                for (int j = i; j < n; j++) {
                    if (!Float.isFinite(values[j])) bad++;
                }
                throw new DepthException(String.format(Locale.ROOT, "model %s: its output for input %s has %d values that"
                        + " are not finite (NaN or infinity) of %d; the model cannot be used for this input", source,
                        Arrays.toString(inShape), bad, n));
            }
        }
        return new DepthBatch(values, batch, w, h);
    }

    private FloatBuffer inputBuffer(long floats) {
        if (floats > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("model " + source + ": input of " + floats + " floats is too large for one run");
        }
        if (inputBuffer == null || inputBuffer.capacity() < floats) {
            inputBuffer = directFloats((int) floats);
        }
        inputBuffer.clear().limit((int) floats);
        return inputBuffer;
    }

    private void pin(long[] inShape, long[] outShape) throws OrtException {
        long n = 1;
        for (long d : outShape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE / 4) {
            return;
        }
        if (pinned.size() >= PINNED_SHAPES) {
            List<Long> eldest = pinned.keySet().iterator().next();
            pinned.remove(eldest).tensor.close();
        }
        FloatBuffer buffer = directFloats((int) n);
        pinned.put(key(inShape), new PinnedOutput(OnnxTensor.createTensor(env, buffer, outShape), buffer, outShape.clone()));
    }

    private static FloatBuffer directFloats(int n) {
        return ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static List<Long> key(long[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pinned.values().forEach(p -> p.tensor.close());
        pinned.clear();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("model " + source + ": closing the ONNX Runtime session failed (" + oneLine(e) + ")", e);
        }
    }

    private DepthException fail(String problem) {
        return new DepthException("model " + source + ": " + problem);
    }

    private TensorInfo floatTensor(NodeInfo node, String role) throws DepthException {
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw fail(role + " '" + node.getName() + "' is not a tensor (" + node.getInfo() + ")");
        }
        if (info.type != OnnxJavaType.FLOAT) {
            throw fail(role + " '" + node.getName() + "' holds " + info.type + " " + shape(info) + "; expected FLOAT");
        }
        return info;
    }

    private static int fixedDim(long d) {
        return d > 0 && d <= Integer.MAX_VALUE ? (int) d : 0;
    }

    /** A shape as the model declares it: numbers for fixed dimensions, names (or ?) for symbolic ones. */
    private static String shape(TensorInfo info) {
        long[] s = info.getShape();
        String[] names = info.getDimensionNames();
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < s.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            if (s[i] >= 0) {
                b.append(s[i]);
            } else {
                b.append(names != null && i < names.length && !names[i].isEmpty() ? names[i] : "?");
            }
        }
        return b.append(']').toString();
    }

    static String oneLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // the model is being rejected; the reason already thrown matters more
        }
    }

    @Override
    public String toString() {
        return describe() + " (input '" + inputName + "', output '" + outputName + "')";
    }
}
