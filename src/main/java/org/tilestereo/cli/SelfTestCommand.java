package org.tilestereo.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.tilestereo.cuda.CudaKernels;
import org.tilestereo.cuda.CudaProbe;
import org.tilestereo.cuda.DeviceKind;
import org.tilestereo.depth.DepthException;
import org.tilestereo.selftest.FrameTiming;
import org.tilestereo.selftest.SelfTest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code selftest}: on the machine it runs on, every operator of the CUDA backend against the Java
 * reference on a few frame sizes, then one frame timed. One line per check and a summary; exit 1 on
 * any mismatch. Users run it after installing; the GPU check runs it first.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Checks every CUDA operator against the Java reference on this machine and times one frame.",
                "Exit status 1 on any mismatch, 2 when the device asked for cannot be used."})
public final class SelfTestCommand implements Callable<Integer> {
    /** Odd sizes, one of a single row and column band, and a real frame size. */
    static final int[][] SIZES = {{37, 23}, {333, 41}, {2, 9}, {640, 360}};

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "cuda",
            description = {"cuda (the GPU) or cuda-emulated (the software device: a CPU emulation of CUDA, which checks",
                    "the kernels' logic on machines without a GPU; its timing is not a GPU figure). Default: ${DEFAULT-VALUE}."})
    String backend;

    @Option(names = "--frame", paramLabel = "WxH", defaultValue = "1920x1080", description = "The frame to time. Default: ${DEFAULT-VALUE}.")
    String frame;

    @Override
    public Integer call() throws DepthException {
        PrintStream out = System.out;
        DeviceKind kind = switch (backend.toLowerCase(Locale.ROOT)) {
            case "cuda" -> DeviceKind.CUDA;
            case "cuda-emulated" -> DeviceKind.SOFTWARE;
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--backend: expected cuda or cuda-emulated, got '" + backend + "'");
        };
        int[] size = parseSize(frame);
        CudaProbe.Report report = CudaProbe.probe(kind);
        if (!report.usable()) {
            System.err.println("selftest: " + report.summary());
            return Cli.USAGE;
        }
        out.println("selftest on " + report.summary());
        int failed = 0;
        int total = 0;
        try (CudaKernels kernels = CudaKernels.open(kind)) {
            for (int[] s : SIZES) {
                List<SelfTest.Check> checks = SelfTest.frame(kernels, s[0], s[1], 17L * s[0] + s[1]);
                for (SelfTest.Check c : checks) {
                    out.println(c);
                    total++;
                    if (!c.passed()) failed++;
                }
            }
            double ms = FrameTiming.millisPerFrame(kernels, size[0], size[1], kind == DeviceKind.CUDA ? 9 : 1);
            String what = switch (kind) {
                case CUDA -> "";
                case SOFTWARE -> " (software device: checks logic, not speed; not a GPU figure)";
            };
            out.printf(Locale.ROOT, "time  one %dx%d frame (depth given; normalise, disparity, two eyes warped and filled,"
                    + " sbs; host<->device copies included): %.1f ms%s%n", size[0], size[1], ms, what);
        }
        out.printf(Locale.ROOT, "%d passed, %d failed%n", total - failed, failed);
        return failed == 0 ? Cli.OK : Cli.FAILED;
    }

    private int[] parseSize(String s) {
        String[] p = s.toLowerCase(Locale.ROOT).split("x");
        try {
            int w = Integer.parseInt(p[0]);
            int h = Integer.parseInt(p[1]);
            if (p.length == 2 && w >= 2 && h >= 2 && (long) w * h <= 8192L * 8192) {
                return new int[] {w, h};
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // reported below
        }
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "--frame: expected WIDTHxHEIGHT between 2x2 and 8192x8192, got '" + s + "'");
    }
}
