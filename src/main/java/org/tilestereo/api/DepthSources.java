package org.tilestereo.api;

import java.io.PrintStream;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.depth.GivenDepthSource;
import org.tilestereo.depth.ModelDepthSource;
import org.tilestereo.depth.DepthModel;
import org.tilestereo.depth.Tiling;
import org.tilestereo.kernels.DeviceBackend;
import org.tilestereo.kernels.OperatorSizes;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.java.JavaKernels;
import org.tilestereo.pipeline.StereoSettings;
import org.tilestereo.run.FrameMemory;
import org.tilestereo.run.PlannedDepthSource;
import org.tilestereo.plan.Precision;
import org.tilestereo.plan.RuntimeRules;
import org.tilestereo.runtime.DepthModels;

/** Opens the depth source a {@link DepthSpec} names, checking it before any frame is read. */
final class DepthSources {
    private DepthSources() {
    }

    static DepthSource open(DepthSpec spec, StereoKernels kernels, Backend backend, StereoSettings settings, PrintStream log)
            throws DepthException {
        if (spec instanceof DepthSpec.Given g) {
            GivenDepthSource source = new GivenDepthSource(g.file(), g.kind(), g.scale(), log);
            source.load();
            return source;
        }
        DepthSpec.Model m = (DepthSpec.Model) spec;
        DepthModel model = DepthModels.open(m.file(), m.runtime(), ModelDepthSource.DEFAULT_BATCH, log);
        // The model's input is prepared where the model runs: a runtime on the CPU reads host memory,
        // so its tiles are cut there (no device memory, no copies across the bus and back).
        StereoKernels tiles = model.runsOnDevice() ? kernels : new JavaKernels();
        try {
            if (m.vramBudget() != null || kernels.hasDeviceMemory()) {
                // A budget is GPU memory: the frame's buffers are planned as the CUDA operators take them,
                // on the CPU too, so that every backend makes the same plan, hence the same depth.
                OperatorSizes sizes = kernels.hasDeviceMemory() ? kernels.deviceOperatorSizes()
                        : DeviceBackend.find("cuda").operatorSizes();
                return planned(m, model, tiles, backend, new FrameMemory(settings, sizes, model::paddedBatch), log);
            }
            return ModelDepthSource.builder(tiles, model)
                    .resolution(m.resolution())
                    .tiling(m.tileSize() > 0 ? new Tiling(m.tileSize(), m.tileSize(), m.tileOverlap()) : null)
                    .build();
        } catch (RuntimeException | DepthException e) {
            model.close();
            throw e;
        }
    }

    /** Depth planned to fit the budget: the frame at its own resolution, whole or tiled. */
    private static DepthSource planned(DepthSpec.Model m, DepthModel model, StereoKernels kernels, Backend backend,
                                       FrameMemory buffers, PrintStream log) throws DepthException {
        MemoryBudget budget;
        try {
            // A run on a GPU plans for that GPU's free memory (--gpu N; a cluster task's assigned GPU).
            budget = m.vramBudget() == null && kernels.hasDeviceMemory()
                    ? new MemoryBudget(kernels.freeDeviceBytes(), "free memory of the run's GPU (" + kernels.name() + ")", false)
                    : MemoryBudget.resolve(m.vramBudget(), backend);
        } catch (ConversionException e) {
            throw new DepthException(e.getMessage(), e);
        }
        if (model.file() == null) {
            throw new DepthException("model " + m.file() + ": cannot plan its memory without its ONNX file");
        }
        // The memory rules of the runtime that will run the model.
        RuntimeRules rules = model.runsOnDevice() ? RuntimeRules.TENSORRT : RuntimeRules.ONNX_RUNTIME_CPU;
        RunPlanning planning = RunPlanning.of(m.file().toString(), model.file(), buffers, rules);
        // ONNX Runtime runs FP32 on the CPU; a TensorRT engine at the precision asked for.
        boolean chooses = model.choosesPrecision();
        Precision precision = chooses ? m.runtime().precision() : Precision.FP32;
        return new PlannedDepthSource(kernels, model, planning.planner(),
                (w, h) -> planning.request(w, h, precision, 0, budget, m.resolution(), chooses), log);
    }
}
