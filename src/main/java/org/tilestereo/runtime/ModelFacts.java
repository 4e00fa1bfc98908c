package org.tilestereo.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.ModelNormalization;
import org.tilestereo.runtime.OnnxRuntimeDepthModel;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.onnx.Dim;
import org.tilestereo.onnx.ElementType;
import org.tilestereo.onnx.OnnxModel;
import org.tilestereo.onnx.OnnxNode;
import org.tilestereo.onnx.OnnxValueInfo;
import org.tilestereo.plan.MemoryModel;
import org.tilestereo.plan.ModelInputSize;

/**
 * What the TensorRT runtime needs to know about an ONNX depth model before any engine exists, read
 * from the file without TensorRT (the file is mapped; weights are not copied): the image input and
 * which of its dimensions are fixed, the output, the normalisation (the same metadata keys ONNX
 * Runtime honours) and whether the model is already quantized (QuantizeLinear / DequantizeLinear
 * nodes), in which case an INT8 engine is built as the model says, without calibration.
 *
 * @param fixed batch, height, width as declared: a positive size, or 0 when symbolic
 */
public record ModelFacts(String inputName, int[] fixed, String outputName, float[] mean, float[] std, boolean quantized) {

    public static ModelFacts read(Path file) throws DepthException {
        return of(model(file, "not a readable ONNX model"), file.toString());
    }

    private static OnnxModel model(Path file, String what) throws DepthException {
        try {
            return OnnxModel.read(file);
        } catch (RuntimeException e) {
            throw new DepthException("model " + file + ": " + what + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The facts of a model that is also proven safe to hand to a runtime: its shapes propagate through
     * the memory model (every operator known, attributes such as pads, strides and kernel sizes checked
     * against the tensors they apply to) at its own fixed size or at the default 518x518. What cannot be
     * proven is refused in one line, before ONNX Runtime or TensorRT reads the file (a runtime given a
     * malformed graph can crash the process). convert and plan accept exactly the models this accepts.
     */
    public static ModelFacts checked(Path file) throws DepthException {
        return checked(model(file, "not a valid ONNX model"), file.toString());
    }

    /** As {@link #checked(Path)} for a model already read; name stands for it in messages. */
    public static ModelFacts checked(OnnxModel model, String name) throws DepthException {
        ModelFacts facts = of(model, name);
        int height = facts.fixedHeight() > 0 ? facts.fixedHeight() : ModelInputSize.DEFAULT_RESOLUTION;
        int width = facts.fixedWidth() > 0 ? facts.fixedWidth() : ModelInputSize.DEFAULT_RESOLUTION;
        int batch = facts.fixedBatch() > 0 ? facts.fixedBatch() : 1;
        try {
            MemoryModel m = MemoryModel.of(model);
            m.propagate(Map.of(facts.inputName(), new long[] {batch, 3, height, width}));
        } catch (RuntimeException e) {
            // ShapePropagationException names the node and the op; anything else the reader cannot make
            // sense of (a missing operator set, an impossible size) is as unproven, so refused the same way.
            throw new DepthException("model " + name + ": refused, its graph cannot be checked at " + width + "x" + height
                    + " (" + e.getMessage() + ")", e);
        }
        return facts;
    }

    static ModelFacts of(OnnxModel model, String name) throws DepthException {
        List<OnnxValueInfo> inputs = model.graph().runtimeInputs();
        if (inputs.size() != 1) {
            throw new DepthException("model " + name + ": expected one image input [N,3,H,W], found " + inputs.size());
        }
        OnnxValueInfo in = inputs.get(0);
        if (in.elementType() != ElementType.FLOAT || !in.hasShape() || in.rank() != 4
                || (!in.dims().get(1).isSymbolic() && in.dims().get(1).value() != 3)) {
            throw new DepthException("model " + name + ": input '" + in.name() + "' is " + in.elementType() + " " + shape(in)
                    + "; expected FLOAT [N,3,H,W]");
        }
        if (model.graph().outputs().isEmpty()) {
            throw new DepthException("model " + name + ": has no output");
        }
        OnnxValueInfo out = model.graph().outputs().get(0);
        if (out.elementType() != ElementType.FLOAT) {
            throw new DepthException("model " + name + ": output '" + out.name() + "' is " + out.elementType() + " "
                    + shape(out) + "; expected FLOAT [N,1,H,W] or [N,H,W]");
        }
        int[] fixed = new int[3];
        int[] axes = {0, 2, 3};
        for (int i = 0; i < 3; i++) {
            Dim d = in.dims().get(axes[i]);
            fixed[i] = d.isSymbolic() || d.value() <= 0 || d.value() > Integer.MAX_VALUE ? 0 : (int) d.value();
        }
        boolean quantized = false;
        for (OnnxNode n : model.graph().nodes()) {
            if (n.isDefaultDomain() && (n.opType().equals("QuantizeLinear") || n.opType().equals("DequantizeLinear"))) {
                quantized = true;
                break;
            }
        }
        ModelNormalization n = ModelNormalization.of(model.metadata(), name);
        return new ModelFacts(in.name(), fixed, out.name(), n.mean(), n.std(), quantized);
    }

    /** A tensor's declared shape as [N,3,H,W]: symbolic dims by name. */
    static String shape(OnnxValueInfo v) {
        if (!v.hasShape()) {
            return "[?]";
        }
        StringBuilder b = new StringBuilder("[");
        for (Dim d : v.dims()) {
            if (b.length() > 1) b.append(',');
            b.append(d.isSymbolic() ? d.param() : String.valueOf(d.value()));
        }
        return b.append(']').toString();
    }

    public int fixedBatch() {
        return fixed[0];
    }

    public int fixedHeight() {
        return fixed[1];
    }

    public int fixedWidth() {
        return fixed[2];
    }

    /**
     * The profile narrowed to what the model allows: a dimension the model fixes is that size at
     * min, opt and max (a range there would be refused by TensorRT).
     */
    public ShapeProfile constrain(ShapeProfile p) {
        return new ShapeProfile(constrain(p.min()), constrain(p.opt()), constrain(p.max()));
    }

    public InputShape constrain(InputShape s) {
        return new InputShape(fixed[0] > 0 ? fixed[0] : s.batch(), fixed[1] > 0 ? fixed[1] : s.height(),
                fixed[2] > 0 ? fixed[2] : s.width());
    }
}
