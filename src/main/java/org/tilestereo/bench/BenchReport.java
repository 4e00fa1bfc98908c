package org.tilestereo.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The benchmark's results: a table for people, JSON for files. */
public record BenchReport(String gpuName, String gpuComputeCapability, String gpuMissingReason, int warmup, int repeat,
                          String javaThreads, List<BenchResult> results) {

    /** The table: one row per operator and size, GPU columns only where the GPU was measured. */
    public void printTable(PrintStream out) {
        boolean gpu = gpuMissingReason == null;
        if (gpu) {
            out.printf(Locale.ROOT, "GPU: %s (sm_%s); median of %d runs after %d warm-up, CUDA events, kernels only%n",
                    gpuName, gpuComputeCapability, repeat, warmup);
            results.stream().map(r -> r.width() + "x" + r.height() + " " + fmt(r.copyGBps(), 1)).distinct()
                    .forEach(s -> out.println("device-to-device copy " + s + " GB/s (read + write)"));
        } else {
            out.println("GPU columns missing: " + gpuMissingReason);
        }
        out.printf(Locale.ROOT, "Java reference: %s, median of %d runs after %d warm-up%n", javaThreads, repeat, warmup);
        String header = String.format(Locale.ROOT, "%-27s %-10s %9s", "operator", "size", "MB moved");
        if (gpu) header += String.format(Locale.ROOT, " %9s %8s %7s", "GPU ms", "GB/s", "x copy");
        header += String.format(Locale.ROOT, " %9s %8s", "Java ms", "GB/s");
        if (gpu) header += String.format(Locale.ROOT, " %8s", "speed-up");
        out.println(header);
        for (BenchResult r : results) {
            String row = String.format(Locale.ROOT, "%-27s %-10s %9.1f", r.operator().label(), r.width() + "x" + r.height(),
                    r.bytes() / 1e6);
            if (gpu) row += String.format(Locale.ROOT, " %9.3f %8.1f %7.2f", r.gpuMillis(), r.gpuGBps(), r.fractionOfCopy());
            row += String.format(Locale.ROOT, " %9.2f %8.2f", r.javaMillis(), r.javaGBps());
            if (gpu) row += String.format(Locale.ROOT, " %7.0fx", r.javaMillis() / r.gpuMillis());
            out.println(row);
        }
    }

    public String toJson() {
        StringBuilder j = new StringBuilder("{\n");
        j.append("  \"gpu\": ");
        if (gpuMissingReason == null) {
            j.append("{\"available\": true, \"name\": ").append(str(gpuName)).append(", \"computeCapability\": ")
                    .append(str(gpuComputeCapability)).append("},\n");
        } else {
            j.append("{\"available\": false, \"reason\": ").append(str(gpuMissingReason)).append("},\n");
        }
        j.append("  \"warmup\": ").append(warmup).append(",\n");
        j.append("  \"repeat\": ").append(repeat).append(",\n");
        j.append("  \"javaThreads\": ").append(str(javaThreads)).append(",\n");
        j.append("  \"bytesRule\": \"each input read once, each output written once\",\n");
        j.append("  \"results\": [");
        for (int i = 0; i < results.size(); i++) {
            BenchResult r = results.get(i);
            j.append(i == 0 ? "\n" : ",\n").append("    {\"operator\": ").append(str(r.operator().label()))
                    .append(", \"width\": ").append(r.width()).append(", \"height\": ").append(r.height())
                    .append(", \"bytes\": ").append(r.bytes())
                    .append(", \"gpuMs\": ").append(num(r.gpuMillis()))
                    .append(", \"gpuGBps\": ").append(num(r.gpuGBps()))
                    .append(", \"copyGBps\": ").append(num(r.copyGBps()))
                    .append(", \"fractionOfCopy\": ").append(num(r.fractionOfCopy()))
                    .append(", \"javaMs\": ").append(num(r.javaMillis()))
                    .append(", \"javaGBps\": ").append(num(r.javaGBps())).append("}");
        }
        return j.append("\n  ]\n}\n").toString();
    }

    private static String fmt(Double v, int decimals) {
        return v == null ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String num(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? "null" : String.format(Locale.ROOT, "%.6g", v);
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
