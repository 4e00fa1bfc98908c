package org.tilestereo.runtime;

import java.io.PrintStream;
import java.nio.file.Path;
import org.tilestereo.cuda.CudaProbe;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthModel;
import org.tilestereo.runtime.OnnxRuntimeDepthModel;
import org.tilestereo.models.DownloadException;
import org.tilestereo.models.ModelFiles;

/**
 * The provider table of the depth runtimes (this package: ONNX Runtime on the CPU, TensorRT on a
 * GPU): opens the depth model a run asked for, resolving a model name to its cached (or downloaded)
 * file, picking the runtime by an exhaustive switch, and, when the choice was automatic, saying in one
 * line which runtime and why.
 */
public final class DepthModels {
    private DepthModels() {
    }

    public static DepthModel open(Path model, RuntimeOptions options, int batchLimit, PrintStream log) throws DepthException {
        return open(model, options, batchLimit, log, ModelFiles.standard(options.modelCache(), log));
    }

    public static DepthModel open(Path model, RuntimeOptions options, int batchLimit, PrintStream log, ModelFiles files)
            throws DepthException {
        Path file;
        try {
            file = files.resolve(model);
        } catch (DownloadException e) {
            throw new DepthException(e.getMessage(), e);
        }
        RuntimeSelection selection = select(options.runtime());
        DepthModel m = switch (selection.runtime()) {
            case TENSORRT -> TensorRtDepthModel.open(file, options, batchLimit, log);
            case ONNXRUNTIME -> OnnxRuntimeDepthModel.open(file);
            case AUTO -> throw new IllegalStateException("the selection resolves auto to a runtime");
        };
        boolean chosen = switch (options.runtime()) {
            case AUTO -> true;
            case TENSORRT, ONNXRUNTIME -> false;
        };
        if (chosen) {
            log.println(selection.line());
        }
        return m;
    }

    /** Probes only when there is a choice to make: ONNX Runtime asked for needs neither GPU nor TensorRT. */
    public static RuntimeSelection select(DepthRuntime requested) throws DepthException {
        if (requested == DepthRuntime.ONNXRUNTIME) {
            return RuntimeSelection.choose(requested, Availability.no("not probed"), Availability.no("not probed"));
        }
        Availability gpu = Availability.gpuOf(CudaProbe.probe());
        Availability trt = Availability.of(TensorRtProbe.status());
        return RuntimeSelection.choose(requested, trt, gpu);
    }
}
