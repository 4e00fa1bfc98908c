package org.tilestereo.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.tilestereo.api.ConversionException;
import org.tilestereo.bench.Benchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: times every operator on the GPU and with the Java reference. Thin: parses, then calls bench. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        subcommands = {org.tilestereo.bench.ModelBenchmark.class, BenchVideo.class, BenchPlan.class},
        description = {"Times every pixel operator, CUDA kernel and Java reference, at each frame size.",
                "For each: median time after warm-up (CUDA events on the GPU), the bytes it must move, GB/s, and on the"
                        + " GPU the fraction of a device-to-device copy measured in the same run."},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:success", "1:the benchmark failed", "2:usage error"})
public final class Bench implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--sizes", paramLabel = "WxH,...", defaultValue = "1920x1080,3840x2160",
            description = "Frame sizes, comma-separated. Default: ${DEFAULT-VALUE}.")
    String sizes;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "20",
            description = "Timed runs per operator and size (the median is reported), after 3 warm-up runs. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    Path json;

    @Option(names = "--cpu-only", description = "Measure the Java reference only, even where a GPU is.")
    boolean cpuOnly;

    @Override
    public Integer call() throws ConversionException {
        List<int[]> parsed;
        try {
            parsed = Benchmark.parseSizes(sizes);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sizes: " + e.getMessage());
        }
        if (repeat < 1 || repeat > 10_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be within 1..10000, got " + repeat);
        }
        try {
            Benchmark.run(new Benchmark.Options(parsed, repeat, cpuOnly, json), System.err).printTable(System.out);
        } catch (IOException e) {
            throw new ConversionException(json + ": cannot write (" + e.getMessage() + ")", e);
        }
        return Cli.OK;
    }
}
