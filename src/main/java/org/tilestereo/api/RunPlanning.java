package org.tilestereo.api;

import java.nio.file.Path;
import org.tilestereo.depth.DepthException;
import org.tilestereo.onnx.OnnxModel;
import org.tilestereo.plan.MemoryModel;
import org.tilestereo.plan.ModelInputSize;
import org.tilestereo.runtime.OnnxRuntimeGraph;
import org.tilestereo.plan.Plan;
import org.tilestereo.plan.BufferModel;
import org.tilestereo.plan.Detail;
import org.tilestereo.plan.Planner;
import org.tilestereo.plan.Precision;
import org.tilestereo.plan.RuntimeRules;

/** Plans a run from a model file and a frame size: reads the graph, builds its memory model, asks the planner. */
public final class RunPlanning {
    private final String modelName;
    private final Planner planner;

    private RunPlanning(String modelName, Planner planner) {
        this.modelName = modelName;
        this.planner = planner;
    }

    /**
     * buffers: what the run holds around the model for a frame (run.FrameMemory); rules: how the
     * runtime that will run the model lays out its activations.
     */
    public static RunPlanning of(String modelName, Path file, BufferModel buffers, RuntimeRules rules) throws DepthException {
        MemoryModel model;
        try {
            model = MemoryModel.of(OnnxModel.read(file));
        // ShapePropagationException is an IllegalArgumentException naming the node and the op.
        } catch (IllegalArgumentException e) {
            throw new DepthException("model " + file + ": cannot model its memory (" + e.getMessage() + ")", e);
        }
        // A switch expression: a new runtime does not compile until it says which graph it is counted on.
        boolean ownGraph = switch (rules) {
            case ONNX_RUNTIME_CPU -> true;   // its optimizer's output, which ONNX Runtime writes for us
            case TENSORRT -> false;          // its engine reports its own figure once built; the file's graph before
        };
        String note = null;
        if (ownGraph) {
            try {
                model = withOnnxRuntimeGraph(model, file);
            } catch (DepthException | IllegalArgumentException e) {
                note = "ONNX Runtime's optimized graph is not used (" + e.getMessage()
                        + "); activations are counted on the model file's graph in ONNX Runtime's node order";
            }
        }
        return new RunPlanning(modelName, new Planner(model, buffers, rules, note));
    }

    /** The model with the graph ONNX Runtime runs, checked to propagate at the default model size. */
    private static MemoryModel withOnnxRuntimeGraph(MemoryModel model, Path file) throws DepthException {
        MemoryModel withGraph = model.withRuntimeGraph(OnnxModel.read(OnnxRuntimeGraph.of(file)));
        int[] fixed = model.fixedImageSize();
        int size = ModelInputSize.PATCH * 37;
        withGraph.activationsWithInPlaceReuse(1, fixed != null ? fixed[1] : size, fixed != null ? fixed[0] : size,
                Precision.FP32, RuntimeRules.ONNX_RUNTIME_CPU);
        return withGraph;
    }

    public Planner.Request request(int width, int height, Precision precision, int batch, MemoryBudget budget,
                                   int depthResolution) {
        return request(width, height, precision, batch, budget, depthResolution, true);
    }

    /**
     * mayLowerPrecision: false for a runtime that runs one precision only (ONNX Runtime on the CPU:
     * FP32). A budget the user gave buys the frame's own resolution; without one the depth
     * resolution asked for is kept ({@link Detail}).
     */
    public Planner.Request request(int width, int height, Precision precision, int batch, MemoryBudget budget,
                                   int depthResolution, boolean mayLowerPrecision) {
        return new Planner.Request(modelName, width, height, precision, batch, budget.bytes(), budget.source(),
                depthResolution, mayLowerPrecision, budget.given() ? Detail.FRAME : Detail.DEPTH_RESOLUTION);
    }

    public Plan plan(Planner.Request request) throws DepthException {
        try {
            return planner.plan(request);
        // ShapePropagationException is an IllegalArgumentException naming the node and the op.
        } catch (IllegalArgumentException e) {
            throw new DepthException("model " + modelName + ": cannot plan (" + e.getMessage() + ")", e);
        }
    }

    public Planner planner() {
        return planner;
    }
}
