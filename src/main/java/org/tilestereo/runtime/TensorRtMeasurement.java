package org.tilestereo.runtime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.tilestereo.cuda.CudaMemory;
import org.tilestereo.cuda.CudaProbe;
import org.tilestereo.depth.DepthException;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.plan.Precision;

/**
 * A plan's GPU memory measured where it will run: free device memory (cudaMemGetInfo) when the CUDA
 * context is up, after the engine for the plan's shapes is built and loaded, and after one run of each
 * shape, and TensorRT's own figure for its context. Not run on a GPU by this project yet (no session
 * has had one): the code follows the presets' API; {@code scripts/gpu-check.sh} runs it.
 *
 * @param device       the GPU, for the table
 * @param totalBytes   the device's memory
 * @param contextBytes what the CUDA context and everything else on the device held once this process's
 *                     context was made: total minus free (other processes included; said so)
 * @param weightBytes  free memory taken by loading the engine (its weights and TensorRT's own)
 * @param engineBytes  TensorRT's device memory for the context over the whole profile
 * @param runBytes     free memory taken by the runs and kept (the context's memory, I/O buffers)
 */
public record TensorRtMeasurement(String device, long totalBytes, long contextBytes, long weightBytes, long engineBytes,
                                  long runBytes) {

    /** Why no GPU measurement can be made here (one line), or null when it can. */
    public static String unavailable() {
        Availability gpu = Availability.gpuOf(CudaProbe.probe());
        if (!gpu.ok()) {
            String why = RuntimeSelection.firstClause(gpu.reason());
            int second = why.indexOf(": ", why.indexOf(": ") + 2);
            return (second > 0 ? why.substring(0, second) : why) + "; tilestereo info says more";
        }
        Availability trt = Availability.of(TensorRtProbe.status());
        return trt.ok() ? null : RuntimeSelection.firstClause(trt.reason()) + "; tilestereo info says more";
    }

    public static TensorRtMeasurement measure(Path model, Precision precision, List<InputShape> shapes, PrintStream log)
            throws DepthException {
        CudaProbe.Report cuda = CudaProbe.probe();
        long total = cuda.current().totalBytes();
        long atStart = CudaMemory.freeBytes();  // the first CUDA call here makes this process's context
        int batch = 1;
        for (InputShape s : shapes) {
            batch = Math.max(batch, s.batch());
        }
        RuntimeOptions options = new RuntimeOptions(DepthRuntime.TENSORRT, precision, null, null, null, 0);
        try (TensorRtDepthModel m = TensorRtDepthModel.open(model, options, batch, log)) {
            m.prepare(shapes);
            long loaded = CudaMemory.freeBytes();
            long engine = m.contextBytes();
            for (InputShape s : shapes) {
                ModelInput in = m.exactInput(s.width(), s.height());
                m.run(new float[s.batch() * in.floatsPerImage()], s.batch(), in);
            }
            long ran = CudaMemory.freeBytes();
            return new TensorRtMeasurement(cuda.current().name(), total, total - atStart, atStart - loaded, engine, loaded - ran);
        }
    }
}
