package org.tilestereo.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tilestereo.depth.DepthException;
import org.tilestereo.memory.Bytes;
import org.tilestereo.plan.Plan;
import org.tilestereo.plan.Planner;
import org.tilestereo.runtime.InputShape;
import org.tilestereo.runtime.TensorRtMeasurement;

/**
 * A plan checked on the GPU it is for: the engine built for the plan's model runs at its precision,
 * loaded and run once per shape, with the device's free memory read around each step, beside the
 * plan's lines. Not yet run on a GPU by this project (no session has had one).
 */
public record GpuPlanMeasurement(TensorRtMeasurement figures, List<String> shapes) {

    public static GpuPlanMeasurement of(Path model, Plan plan, PrintStream log) throws DepthException {
        List<InputShape> shapes = new ArrayList<>();
        for (int[] r : plan.frameRuns()) {
            shapes.add(new InputShape(r[0], r[1], r[2]));
        }
        TensorRtMeasurement f = TensorRtMeasurement.measure(model, plan.precision(), shapes, log);
        return new GpuPlanMeasurement(f, shapes.stream().map(s -> s.batch() + "x3x" + s.height() + "x" + s.width()).toList());
    }

    public String table(Plan plan) {
        StringBuilder b = new StringBuilder();
        b.append("measured: TensorRT on ").append(figures.device()).append(" (").append(Bytes.format(figures.totalBytes()))
                .append("), one run at ").append(String.join(", ", shapes)).append(" (free device memory, cudaMemGetInfo)")
                .append(System.lineSeparator());
        PlanMeasurement.row(b, "CUDA context, others", Planner.CUDA_CONTEXT, figures.contextBytes());
        PlanMeasurement.row(b, "weights (engine)", plan.bytesOf("weights"), figures.weightBytes());
        PlanMeasurement.row(b, "activations (TensorRT)", plan.bytesOf("activations"), figures.engineBytes());
        PlanMeasurement.row(b, "activations (the runs)", plan.bytesOf("activations"), figures.runBytes());
        b.append("  (the CUDA context line is all the device held once this process's context existed: other"
                + " processes' memory included)").append(System.lineSeparator());
        return b.toString();
    }

    public Map<String, Object> toJson(Plan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runtime", "TensorRT on " + figures.device());
        m.put("shapes", shapes);
        m.put("device_total_bytes", figures.totalBytes());
        m.put("cuda_context_predicted_bytes", Planner.CUDA_CONTEXT);
        m.put("cuda_context_and_others_measured_bytes", figures.contextBytes());
        m.put("weights_predicted_bytes", plan.bytesOf("weights"));
        m.put("weights_measured_bytes", figures.weightBytes());
        m.put("activations_predicted_bytes", plan.bytesOf("activations"));
        m.put("activations_tensorrt_bytes", figures.engineBytes());
        m.put("activations_measured_bytes", figures.runBytes());
        return m;
    }
}
