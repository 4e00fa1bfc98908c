package org.tilestereo.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tilestereo.api.ConversionException;
import org.tilestereo.api.MemoryBudget;
import org.tilestereo.api.RunPlanning;
import org.tilestereo.depth.DepthException;
import org.tilestereo.io.InputException;
import org.tilestereo.io.Json;
import org.tilestereo.io.OutputFile;
import org.tilestereo.kernels.DeviceBackend;
import org.tilestereo.pipeline.StereoSettings;
import org.tilestereo.plan.Plan;
import org.tilestereo.plan.Precision;
import org.tilestereo.plan.RuntimeRules;
import org.tilestereo.run.FrameMemory;
import org.tilestereo.run.GpuPlanMeasurement;
import org.tilestereo.run.PlanMeasurement;
import org.tilestereo.runtime.ModelFacts;
import org.tilestereo.runtime.TensorRtMeasurement;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plan}: what a run of this model at this size needs on the GPU, and how it will fit. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Shows what fills GPU memory for a depth model at a frame size, and the plan that fits the budget:",
                "the whole frame, or tiles (size, overlap, grid, batch), and the precision."})
public final class PlanCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "An ONNX depth model, or replica:vits, replica:vitb, replica:vitl (synthetic Depth Anything V2).")
    String model;

    @Option(names = "--size", required = true, paramLabel = "WxH", description = "Frame size, e.g. 3840x2160.")
    String size;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "fp16", description = "fp32, fp16 or int8. Default: ${DEFAULT-VALUE}.")
    String precision;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "0", description = "Tiles per model run (0 = choose). Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--vram-budget", paramLabel = "SIZE",
            description = "Plan for this much device memory (e.g. 8GiB) instead of the GPU's free memory.")
    String vramBudget;

    @Option(names = "--depth-resolution", paramLabel = "PIXELS", defaultValue = "518",
            description = "Short side of the whole frame's model input when no --vram-budget is given (a budget given buys "
                    + "the frame's own resolution), and of the whole-frame pass that tiles are aligned to. Default: ${DEFAULT-VALUE}.")
    int depthResolution;

    @Option(names = "--measure", description = "Then run the model once at the planned shapes and print what it took beside"
            + " the prediction (ONNX Runtime on the CPU: resident memory of this process).")
    boolean measure;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the plan as JSON.")
    Path json;

    @Option(names = {"-y", "--overwrite"}, description = "Replace the JSON file if it exists.")
    boolean overwrite;

    @Override
    public Integer call() throws ConversionException {
        int[] wh = parseSize(size);
        Precision p = parsePrecision(precision);
        if (batch < 0 || batch > 64) throw usage("--batch must be within 0..64, got " + batch);
        if (depthResolution < 14 || depthResolution > 8192) throw usage("--depth-resolution must be within 14..8192, got " + depthResolution);
        MemoryBudget budget;
        try {
            budget = MemoryBudget.resolve(vramBudget);
        } catch (IllegalArgumentException e) {
            throw usage("--vram-budget: " + e.getMessage());
        }
        try {
            if (json != null) OutputFile.check(json, overwrite);
            Path file = Cli.modelFile(model);
            // --measure runs on the GPU with TensorRT where both are usable; elsewhere ONNX Runtime on the CPU
            // measures (said in one line, naming what is missing), planned by its rules at FP32.
            String noGpu = measure ? TensorRtMeasurement.unavailable() : null;
            boolean onCpu = measure && noGpu != null;
            RunPlanning planning = planning(model, file, onCpu ? RuntimeRules.ONNX_RUNTIME_CPU : RuntimeRules.TENSORRT);
            Plan plan = planning.plan(planning.request(wh[0], wh[1], p, batch, budget, depthResolution, !onCpu));
            System.out.print(plan.table());
            System.out.flush();
            Map<String, Object> document = plan.toJson();
            if (onCpu) {
                System.err.println("note: plan --measure: no GPU measurement (" + noGpu + "); ONNX Runtime on the CPU"
                        + " measures instead, by its rules at FP32");
                PlanMeasurement m = PlanMeasurement.onCpu(file, plan);
                System.out.print(m.table(plan));
                System.out.flush();
                document.put("measured", m.toJson(plan));
            } else if (measure) {
                GpuPlanMeasurement m = GpuPlanMeasurement.of(file, plan, System.err);
                System.out.print(m.table(plan));
                System.out.flush();
                document.put("measured", m.toJson(plan));
            }
            if (json != null) {
                try (OutputFile out = OutputFile.begin(json, overwrite)) {
                    Files.writeString(out.temp(), Json.write(document), StandardCharsets.UTF_8);
                    out.commit();
                }
            }
            if (!plan.fits()) {
                // The exit status says it failed; stderr says why, in one line (stdout has the table).
                System.err.println("plan: " + plan.model() + " at " + plan.width() + "x" + plan.height() + " "
                        + plan.decision());
            }
            return plan.fits() ? Cli.OK : Cli.FAILED;
        } catch (DepthException | InputException e) {
            throw new ConversionException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ConversionException(json + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** The planner of a default conversion (side by side, both eyes, forward warp) on the CUDA operators' buffers. */
    static RunPlanning planning(String model, Path file, RuntimeRules rules) throws DepthException {
        // The models convert accepts, no others: the check every runtime applies when it opens a model
        // (convert's planned runs have passed it there already, so RunPlanning does not repeat it).
        ModelFacts.checked(file);
        return RunPlanning.of(model, file, new FrameMemory(StereoSettings.defaults(), DeviceBackend.find("cuda").operatorSizes(),
                b -> b), rules);
    }

    private int[] parseSize(String s) {
        int[] wh = size(s);
        if (wh == null) {
            throw usage("--size must be WIDTHxHEIGHT within 1..16384, e.g. 3840x2160; got '" + s + "'");
        }
        return wh;
    }

    /** {width, height} of "WxH" within 1..16384, or null. */
    static int[] size(String s) {
        String[] parts = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0].trim()), h = Integer.parseInt(parts[1].trim());
                if (w > 0 && h > 0 && w <= 16384 && h <= 16384) return new int[] {w, h};
            }
        } catch (NumberFormatException ignored) {
            // not a size
        }
        return null;
    }

    private Precision parsePrecision(String s) {
        try {
            return Precision.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--precision must be fp32, fp16 or int8, got '" + s + "'");
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
