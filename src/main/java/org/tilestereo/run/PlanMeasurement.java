package org.tilestereo.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.tilestereo.depth.DepthException;
import org.tilestereo.io.ProcessMemory;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.memory.Bytes;
import org.tilestereo.plan.Plan;
import org.tilestereo.runtime.OnnxRuntimeDepthModel;

/**
 * A plan checked against a run: the model opened and run once at each of the plan's shapes, and the
 * memory that took, beside what the plan predicted. On the CPU (ONNX Runtime) the figures are the
 * process's resident memory: weights as the growth when the session opens, activations as the
 * peak (VmHWM, reset before the runs) over the resident memory before them, less what the adapter
 * around ONNX Runtime holds for outputs: the depth maps copied out to Java (one array, the largest)
 * and its pinned output buffer for each shape (ONNX Runtime writes later runs of a shape there).
 *
 * @param runtime     what ran, for the table
 * @param shapes      the input shapes run, NCHW
 * @param weights     resident growth when the session opened (weights and the runtime's own)
 * @param activations peak growth during the runs
 */
public record PlanMeasurement(String runtime, List<String> shapes, long weights, long activations) {

    /**
     * Runs a frame's model runs ({@link Plan#frameRuns}) with ONNX Runtime on the CPU and measures
     * resident memory; where a frame takes runs of different shapes, two frames' worth (the second
     * finds the arena the first one left; a run repeated alone takes nothing more).
     */
    public static PlanMeasurement onCpu(Path model, Plan plan) throws DepthException {
        List<int[]> shapes = new ArrayList<>(plan.frameRuns());
        if (shapes.size() > 1) {
            shapes.addAll(plan.frameRuns());
        }
        List<float[]> inputs = new ArrayList<>();
        long copiedOut = 0;
        long pinned = 0;
        for (int[] s : shapes) {
            inputs.add(new float[Math.multiplyExact(s[0], 3 * s[1] * s[2])]);
            copiedOut = Math.max(copiedOut, 4L * s[0] * s[1] * s[2]);
        }
        for (int[] s : plan.frameRuns()) {
            pinned += 4L * s[0] * s[1] * s[2];
        }
        long outputs = copiedOut + pinned;
        long before = resident();
        try (OnnxRuntimeDepthModel m = OnnxRuntimeDepthModel.open(model)) {
            long opened = resident();
            resetPeak();
            long base = resident();
            for (int i = 0; i < shapes.size(); i++) {
                int[] s = shapes.get(i);
                m.run(inputs.get(i), s[0], ModelInput.imagenet(s[2], s[1]));
            }
            long peak = peakResident();
            List<String> text = plan.frameRuns().stream().map(s -> s[0] + "x3x" + s[1] + "x" + s[2]).toList();
            return new PlanMeasurement(m.describe(), text, opened - before, Math.max(0, peak - base - outputs));
        }
    }

    /** Predicted beside measured, with the ratio, for the lines a CPU run measures. */
    public String table(Plan plan) {
        StringBuilder b = new StringBuilder();
        b.append("measured: ").append(runtime).append(plan.frameRuns().size() > 1 ? ", two frames of runs at " : ", one run at ").append(String.join(", ", shapes))
                .append(" (resident memory of this process)").append(System.lineSeparator());
        row(b, "weights and runtime", plan.bytesOf("weights"), weights);
        row(b, "activations", plan.bytesOf("activations"), activations);
        return b.toString();
    }

    /** One line of a measured table: predicted beside measured and their ratio (both measurements print these). */
    static void row(StringBuilder b, String label, long predicted, long measured) {
        b.append(String.format(Locale.ROOT, "  %-24s predicted %10s  measured %10s  predicted/measured %s%n", label,
                Bytes.format(predicted), Bytes.format(measured),
                measured > 0 ? String.format(Locale.ROOT, "%.2f", (double) predicted / measured) : "n/a"));
    }

    public Map<String, Object> toJson(Plan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runtime", runtime);
        m.put("shapes", shapes);
        m.put("weights_predicted_bytes", plan.bytesOf("weights"));
        m.put("weights_measured_bytes", weights);
        m.put("activations_predicted_bytes", plan.bytesOf("activations"));
        m.put("activations_measured_bytes", activations);
        return m;
    }

    private static long resident() throws DepthException {
        try {
            return ProcessMemory.resident();
        } catch (IOException | RuntimeException e) {
            throw unavailable("cannot read /proc/self/status", e);
        }
    }

    private static long peakResident() throws DepthException {
        try {
            return ProcessMemory.peak();
        } catch (IOException | RuntimeException e) {
            throw unavailable("cannot read /proc/self/status", e);
        }
    }

    private static void resetPeak() throws DepthException {
        try {
            ProcessMemory.resetPeak();
        } catch (IOException | RuntimeException e) {
            throw unavailable("cannot reset the peak resident size, /proc/self/clear_refs", e);
        }
    }

    private static DepthException unavailable(String what, Exception e) {
        return new DepthException("plan --measure: " + what + " (" + e.getMessage() + "); measuring needs Linux", e);
    }
}
