package org.tilestereo.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.cuda.CudaProbe;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.models.ModelRegistry;
import org.tilestereo.testing.CliRun;
import org.tilestereo.testing.Samples;

/** info, --runtime/--precision/--calibration and named models, through the command line. */
class RuntimeCommandLineTest {
    @TempDir
    Path dir;

    private static boolean tensorRtUsableHere() {
        return TensorRtProbe.status().loaded() && Availability.gpuOf(CudaProbe.probe()).ok();
    }

    @Test
    void infoSaysWhatIsHereAndWhyTheRestIsNot() {
        CliRun r = CliRun.of("info", "--model-cache", dir.resolve("models").toString(), "--engine-cache", dir.resolve("e").toString());
        assertEquals(0, r.status(), r.toString());
        String out = r.out();
        System.out.print(out);
        for (String line : new String[] {"GPU: ", "NVIDIA driver: ", "CUDA runtime: ", "tilestereo native library: ",
                "CUDA backend: ", "TensorRT: ", "ONNX Runtime: ", "depth runtime: ", "model cache: " + dir.resolve("models"),
                "engine cache: " + dir.resolve("e")}) {
            assertTrue(out.contains("\n" + line), "prints '" + line + "':\n" + out);
        }
        assertTrue(out.matches("(?s).*\nONNX Runtime: 1\\.\\d+\\.\\d+ \\(CPU\\).*"), out);
        assertTrue(out.matches("(?s).*\n  depth-anything-v2-small +not downloaded \\(99\\.1 MB, licence Apache-2\\.0\\).*"), out);
        CudaProbe.Report cuda = CudaProbe.probe();
        if (cuda.devices().isEmpty()) {
            assertTrue(out.contains("\nGPU: none (" + Availability.shortReason(cuda.reason()) + ")"), "says why there is no GPU:\n" + out);
        }
        TensorRtProbe.Status trt = TensorRtProbe.status();
        if (!trt.loaded()) {
            assertTrue(out.contains("\nTensorRT: unavailable (" + trt.reason() + "; see TensorRT in the README, or use --runtime onnxruntime)"),
                    "says why TensorRT is missing:\n" + out);
        }
    }

    @Test
    void driverVersionFromTheKernelModule() {
        assertEquals("580.65.06", org.tilestereo.cli.Info.driverVersion(
                "NVRM version: NVIDIA UNIX x86_64 Kernel Module  580.65.06  Sun Jul 27 07:09:35 UTC 2025\nGCC version: gcc 12"));
        assertEquals("570.86.15", org.tilestereo.cli.Info.driverVersion(
                "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  570.86.15  Release Build"));
        assertEquals("", org.tilestereo.cli.Info.driverVersion("nothing here"));
    }

    @Test
    void autoRunsOnnxRuntimeHereAndSaysWhy() throws Exception {
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(5), dir.resolve("conv.onnx"));
        Path out = dir.resolve("out.png");
        CliRun r = CliRun.of("convert", Samples.file("photos/fruits.jpg").toString(), "--model", model.toString(),
                "--depth-resolution", "70", "--backend", "cpu", "--engine-cache", dir.resolve("engines").toString(), "-o", out.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(Files.exists(out));
        long lines = r.err().lines().filter(l -> l.startsWith("runtime: ")).count();
        assertEquals(1, lines, "one line says which runtime: " + r.err());
        if (!tensorRtUsableHere()) {
            assertTrue(r.err().contains("runtime: onnxruntime on the CPU (auto: "), r.err());
        }
    }

    @Test
    void askingForTensorRtWhereThereIsNoneFailsWithOneLine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(tensorRtUsableHere(), "TensorRT works here");
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(5), dir.resolve("conv.onnx"));
        Path out = dir.resolve("out.png");
        CliRun r = CliRun.of("convert", "samples/aloe/aloeL.jpg", "--model", model.toString(), "--runtime", "tensorrt", "-o", out.toString());
        assertEquals(1, r.status(), r.toString());
        assertEquals(1, r.errorLines().lines().count(), r.toString());
        assertTrue(r.errorLines().startsWith("convert: --runtime tensorrt: ") && r.errorLines().contains("--runtime onnxruntime"), r.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void runtimeOptionsAreCheckedAsUsage() {
        String out = dir.resolve("o.png").toString();
        assertEquals(2, CliRun.of("convert", "samples/aloe/aloeL.jpg", "--model", "m.onnx", "--runtime", "cuda", "-o", out).status());
        assertEquals(2, CliRun.of("convert", "samples/aloe/aloeL.jpg", "--model", "m.onnx", "--precision", "int4", "-o", out).status());
        CliRun r = CliRun.of("convert", "samples/aloe/aloeL.jpg", "--model", "m.onnx", "--calibration", dir.toString(), "-o", out);
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--calibration goes with --precision int8"), r.toString());
    }

    @Test
    void aNamedModelWithoutNetworkSaysWhatItTriedAndHowToPassAFile() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String before = System.getProperty(ModelRegistry.MIRROR_PROPERTY);
        System.setProperty(ModelRegistry.MIRROR_PROPERTY, "http://127.0.0.1:" + port);
        try {
            Path out = dir.resolve("o.png");
            CliRun r = CliRun.of("convert", "samples/aloe/aloeL.jpg", "--model", "depth-anything-v2-small", "--runtime", "onnxruntime",
                    "--model-cache", dir.resolve("models").toString(), "-o", out.toString());
            assertEquals(1, r.status(), r.toString());
            assertEquals(1, r.errorLines().lines().count(), r.toString());
            String line = r.errorLines().strip();
            assertTrue(line.startsWith("convert: depth-anything-v2-small: not in the model cache and cannot reach http://127.0.0.1:"
                    + port + "/onnx-community/depth-anything-v2-small/resolve/"), line);
            assertTrue(line.endsWith("pass a local file with --model FILE"), line);
            assertFalse(Files.exists(out));
        } finally {
            if (before == null) System.clearProperty(ModelRegistry.MIRROR_PROPERTY);
            else System.setProperty(ModelRegistry.MIRROR_PROPERTY, before);
        }
    }
}
