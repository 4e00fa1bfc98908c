package org.tilestereo.cli;

import org.tilestereo.runtime.OnnxRuntimeEnvironment;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tilestereo.cuda.CudaProbe;
import org.tilestereo.cuda.NativeLibrary;
import org.tilestereo.depth.DepthException;
import org.tilestereo.io.CacheFolders;
import org.tilestereo.models.ModelRegistry;
import org.tilestereo.models.NamedModel;
import org.tilestereo.runtime.Availability;
import org.tilestereo.runtime.DepthModels;
import org.tilestereo.runtime.DepthRuntime;
import org.tilestereo.runtime.TensorRtProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code info}: what this machine offers tilestereo (GPU, driver, CUDA runtime, native library,
 * TensorRT, ONNX Runtime, caches), and for anything missing, why. Always exits 0: a missing GPU is
 * an answer, not a failure.
 */
@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Shows what this machine has for tilestereo: GPU, driver, CUDA runtime, TensorRT and ONNX Runtime"
                + " versions, and why anything is missing."})
public final class Info implements Callable<Integer> {
    private static final Pattern DRIVER = Pattern.compile("Kernel Module\\s+(?:for\\s+\\S+\\s+)?([0-9]+(?:\\.[0-9]+)+)");

    @Option(names = "--model-cache", paramLabel = "DIR", description = "The named-model folder to report on.")
    Path modelCache;

    @Option(names = "--engine-cache", paramLabel = "DIR", description = "The TensorRT engine folder to report on.")
    Path engineCache;

    @Override
    public Integer call() {
        print(System.out);
        return Cli.OK;
    }

    void print(PrintStream out) {
        out.println(new Version().getVersion()[0]);
        out.println("Java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch"));

        CudaProbe.Report cuda = CudaProbe.probe();
        if (cuda.devices().isEmpty()) {
            out.println("GPU: none (" + (cuda.reason().isEmpty() ? "no CUDA device" : Availability.shortReason(cuda.reason())) + ")");
        } else {
            for (CudaProbe.Device d : cuda.devices()) {
                out.println("GPU: " + d + (d.index() == cuda.device() ? " (current)" : ""));
            }
        }
        out.println("NVIDIA driver: " + driver(cuda));
        out.println("CUDA runtime: " + (cuda.runtimeVersion() > 0 ? version(cuda.runtimeVersion())
                : "unavailable (" + Availability.shortReason(cuda.reason()) + ")"));
        NativeLibrary.Status lib = NativeLibrary.status();
        out.println("tilestereo native library: " + (lib.loaded() ? lib.version() + ", CUDA " + version(lib.cudaVersionBuilt())
                + ", architectures " + lib.cudaArchitectures() : "unavailable (" + lib.reason() + ")"));
        out.println("CUDA backend: " + (cuda.usable() ? "usable" : "unavailable (" + Availability.shortReason(cuda.reason()) + ")"));
        TensorRtProbe.Status trt = TensorRtProbe.status();
        out.println("TensorRT: " + (trt.loaded() ? trt.version() : "unavailable (" + trt.reason() + "; " + TensorRtProbe.ADVICE + ")"));
        out.println("ONNX Runtime: " + onnxRuntime());
        try {
            out.println("depth " + DepthModels.select(DepthRuntime.AUTO).line().replace("(auto: ", "(with --runtime auto: "));
        } catch (DepthException e) {
            out.println("depth runtime: " + e.getMessage());
        }

        Path models = CacheFolders.models(modelCache);
        out.println("model cache: " + models);
        for (NamedModel m : ModelRegistry.builtIn().all()) {
            out.println(String.format(Locale.ROOT, "  %-24s %s (%.1f MB, licence %s)", m.name(), cached(m, models),
                    m.size() / 1e6, m.license()));
        }
        out.println("engine cache: " + CacheFolders.engines(engineCache));
    }

    private static String driver(CudaProbe.Report cuda) {
        String kernelModule = "";
        try {
            kernelModule = driverVersion(Files.readString(Path.of("/proc/driver/nvidia/version")));
        } catch (IOException | RuntimeException e) {
            // no NVIDIA kernel module on this machine (or not Linux)
        }
        if (kernelModule.isEmpty() && cuda.driverVersion() == 0) {
            return "not found (" + (cuda.reason().isEmpty() ? "no /proc/driver/nvidia/version" : Availability.shortReason(cuda.reason())) + ")";
        }
        return (kernelModule.isEmpty() ? "version unknown" : kernelModule)
                + (cuda.driverVersion() > 0 ? ", supports CUDA " + version(cuda.driverVersion()) : "");
    }

    /** The driver version in /proc/driver/nvidia/version's text, or "" when it names none. */
    public static String driverVersion(String procText) {
        Matcher m = DRIVER.matcher(procText);
        return m.find() ? m.group(1) : "";
    }

    private static String onnxRuntime() {
        try {
            return OnnxRuntimeEnvironment.get().getVersion() + " (CPU)";
        } catch (Throwable e) {
            return "unavailable (" + e + ")";
        }
    }

    static String cached(NamedModel m, Path folder) {
        try {
            Path f = folder.resolve(m.fileName());
            if (Files.isRegularFile(f)) {
                return Files.size(f) == m.size() ? "downloaded" : "damaged (wrong size; downloaded again when used)";
            }
            Path part = folder.resolve(m.fileName() + ".part");
            if (Files.isRegularFile(part)) {
                return String.format(Locale.ROOT, "partly downloaded (%.0f%%; resumes when used)", 100.0 * Files.size(part) / m.size());
            }
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
        return "not downloaded";
    }

    private static String version(int v) {
        return v / 1000 + "." + v % 1000 / 10;
    }
}
