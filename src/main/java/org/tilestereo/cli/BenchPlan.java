package org.tilestereo.cli;

import java.io.IOException;
import java.time.Duration;
import org.tilestereo.io.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tilestereo.api.ConversionException;
import org.tilestereo.api.MemoryBudget;
import org.tilestereo.api.RunPlanning;
import org.tilestereo.depth.DepthException;
import org.tilestereo.io.InputException;
import org.tilestereo.io.OutputFile;
import org.tilestereo.memory.Bytes;
import org.tilestereo.plan.ModelInputSize;
import org.tilestereo.plan.Plan;
import org.tilestereo.plan.Precision;
import org.tilestereo.plan.RuntimeRules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench plan}: the planner's accuracy. For each model, size and batch, the plan is made here
 * (to skip what would not fit the machine) and a fresh JVM runs {@code plan --measure} (the model once
 * at the planned shapes, ONNX Runtime on the CPU), so no run sees another's memory; the table gives
 * predicted and measured activations and their ratio.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures the planner's activation estimate against ONNX Runtime on the CPU: for each model, size",
                "and batch a fresh process plans (fp32) and runs the planned shapes once; prints predicted, measured",
                "and their ratio, and one tiled plan per model (the largest size on a small budget)."})
public final class BenchPlan implements Callable<Integer> {

    @Option(names = "--models", paramLabel = "MODEL,...", split = ",", defaultValue = "replica:vits,replica:vitb,replica:vitl",
            description = "Models (files, named models or replicas). Default: ${DEFAULT-VALUE}.")
    List<String> models;

    @Option(names = "--sizes", paramLabel = "WxH,...", split = ",", defaultValue = "518x518,770x770,1036x1036,1288x728,1540x1540",
            description = "Frame sizes. Default: ${DEFAULT-VALUE}.")
    List<String> sizes;

    @Option(names = "--batches", paramLabel = "N,...", split = ",", defaultValue = "1,2", description = "Default: ${DEFAULT-VALUE}.")
    List<Integer> batches;

    @Option(names = "--tiled-budget", paramLabel = "SIZE", defaultValue = "2GiB",
            description = "The budget of the tiled plan (at the largest size). Default: ${DEFAULT-VALUE}.")
    String tiledBudget;

    @Option(names = "--memory-limit", paramLabel = "SIZE", defaultValue = "20GiB",
            description = "Skip runs whose planned activations exceed this (the machine's memory). Default: ${DEFAULT-VALUE}.")
    String memoryLimit;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the table (Markdown).")
    Path out;

    @Option(names = {"-y", "--overwrite"}, description = "Replace --out if it exists.")
    boolean overwrite;

    /** One measured configuration. */
    record Row(String model, String size, int batch, String decision, long predicted, long measured) {
        String line() {
            return String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %.2f |", model, size, batch, decision,
                    Bytes.format(predicted), Bytes.format(measured), measured > 0 ? (double) predicted / measured : Double.NaN);
        }
    }

    @Override
    public Integer call() throws ConversionException {
        long limit = Bytes.parse(memoryLimit);
        List<Row> rows = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            if (out != null) OutputFile.check(out, overwrite);
            for (String model : models) {
                // The plan --measure makes: a default conversion's buffers, ONNX Runtime's rules; the graph read once.
                RunPlanning planning = PlanCommand.planning(model, Cli.modelFile(model), RuntimeRules.ONNX_RUNTIME_CPU);
                for (String size : sizes) {
                    for (int batch : batches) {
                        measure(planning, model, size, batch, "24GiB", limit, rows, skipped);
                    }
                }
                measure(planning, model, sizes.get(sizes.size() - 1), 0, tiledBudget, limit, rows, skipped);
            }
        } catch (IOException | InputException | DepthException e) {
            throw new ConversionException("bench plan: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConversionException("bench plan: interrupted", e);
        }
        StringBuilder table = new StringBuilder();
        table.append("| model | frame | batch | plan | activations predicted | measured | predicted/measured |\n");
        table.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row r : rows) table.append(r.line()).append('\n');
        for (String s : skipped) table.append("\nskipped: ").append(s);
        System.out.print(table);
        if (out != null) {
            try (OutputFile o = OutputFile.begin(out, overwrite)) {
                Files.writeString(o.temp(), table.toString(), StandardCharsets.UTF_8);
                o.commit();
            } catch (IOException | InputException e) {
                throw new ConversionException(out + ": cannot write (" + e.getMessage() + ")", e);
            }
        }
        return rows.isEmpty() ? Cli.FAILED : Cli.OK;
    }

    private static final Pattern PREDICTED = Pattern.compile("\"activations_predicted_bytes\": (\\d+)");
    private static final Pattern MEASURED = Pattern.compile("\"activations_measured_bytes\": (\\d+)");

    /**
     * Plans here, with the planner plan --measure uses, and measures in a fresh JVM where the planned
     * activations fit the machine.
     */
    private void measure(RunPlanning planning, String model, String size, int batch, String budget, long limit, List<Row> rows,
                         List<String> skipped) throws IOException, InterruptedException, DepthException, ConversionException {
        String what = model + " at " + size + ", batch " + (batch == 0 ? "chosen" : batch) + ", budget " + budget;
        int[] wh = PlanCommand.size(size);
        if (wh == null) {
            throw new ConversionException("bench plan: --sizes: '" + size + "' is not WIDTHxHEIGHT within 1..16384", null);
        }
        // As plan --measure plans it: FP32 throughout (ONNX Runtime on the CPU runs nothing else).
        Plan plan = planning.plan(planning.request(wh[0], wh[1], Precision.FP32, batch, MemoryBudget.resolve(budget),
                ModelInputSize.DEFAULT_RESOLUTION, false));
        long estimate = plan.bytesOf("activations");
        if (estimate > limit) {
            skipped.add(what + ": " + Bytes.format(estimate) + " of activations planned, over --memory-limit " + memoryLimit);
            return;
        }
        Path json = Files.createTempFile("tilestereo-bench-plan", ".json");
        try {
            ChildJvm.Result m = ChildJvm.run(Main.class, List.of("plan", "--model", model, "--size", size, "--precision", "fp32", "--batch", String.valueOf(batch),
                    "--vram-budget", budget, "--measure", "--json", json.toString(), "-y"), Duration.ofMinutes(30));
            String j = Files.readString(json);
            Matcher p = PREDICTED.matcher(j), q = MEASURED.matcher(j);
            if (m.status() != 0 && m.status() != 1 || !p.find() || !q.find()) {
                skipped.add(what + ": not measured (" + m.reason() + ")");
                return;
            }
            Row row = new Row(model, size, batch, plan.decision(), Long.parseLong(p.group(1)), Long.parseLong(q.group(1)));
            System.err.println("bench plan: " + row.line());
            rows.add(row);
        } finally {
            Files.deleteIfExists(json);
        }
    }
}
