package org.tilestereo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tilestereo.cuda.CudaProbe;
import org.tilestereo.cuda.DeviceKind;
import org.tilestereo.io.InputException;
import org.tilestereo.kernels.DeviceBackend;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.java.JavaKernels;

class BackendsTest {
    private static final DeviceBackend.Report GPU = new DeviceBackend.Report(true, "", "NVIDIA GeForce RTX 4060", 7L << 30);
    private static final DeviceBackend.Report NO_GPU = new DeviceBackend.Report(false,
            "no NVIDIA driver: libcuda.so.1: cannot open shared object file", "", 0);

    @Test
    void autoTakesTheGpuWhenTheProbeFindsOneAndNamesIt() {
        Backends.Decision d = Backends.decide(Backend.AUTO, GPU);
        assertTrue(d.cuda());
        assertEquals("backend: cuda (NVIDIA GeForce RTX 4060)", d.line());
    }

    @Test
    void autoFallsBackToTheCpuAndSaysWhy() {
        Backends.Decision d = Backends.decide(Backend.AUTO, NO_GPU);
        assertFalse(d.cuda());
        assertEquals("backend: cpu (CUDA unavailable: no NVIDIA driver: libcuda.so.1: cannot open shared object file)", d.line());
    }

    @Test
    void cudaWithoutAGpuIsAnErrorWithTheReason() {
        Backends.Decision d = Backends.decide(Backend.CUDA, NO_GPU);
        assertFalse(d.cuda());
        assertEquals("--backend cuda: CUDA unavailable: no NVIDIA driver: libcuda.so.1: cannot open shared object file", d.line());
        assertTrue(Backends.decide(Backend.CUDA, GPU).cuda());
    }

    @Test
    void cpuIsTheJavaReferenceAndSaysNothing() throws InputException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (StereoKernels k = Backends.open(Backend.CPU, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            assertInstanceOf(JavaKernels.class, k);
        }
        assertEquals("", log.toString(StandardCharsets.UTF_8));
    }

    /** On this machine, whatever it has: auto prints exactly one line that matches what it returned. */
    @Test
    void autoHereSaysWhichItTookInOneLine() throws InputException {
        CudaProbe.Report probe = CudaProbe.probe();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (StereoKernels k = Backends.open(Backend.AUTO, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            String text = log.toString(StandardCharsets.UTF_8);
            System.out.print("[tilestereo] auto here: " + text);
            assertTrue(text.endsWith("\n") && text.indexOf('\n') == text.length() - 1, () -> "one line expected: " + text);
            if (probe.usable()) {
                assertEquals("cuda", k.name());
                assertTrue(text.startsWith("backend: cuda ("), text);
            } else {
                assertInstanceOf(JavaKernels.class, k);
                assertEquals(Backends.shortLine("backend: cpu (CUDA unavailable: " + probe.reason() + ")") + "\n", text);
                assertTrue(text.length() < 100, "short without --verbose: " + text);
            }
        }
        ByteArrayOutputStream verbose = new ByteArrayOutputStream();
        try (StereoKernels k = Backends.open(Backend.AUTO, 0, new PrintStream(verbose, true, StandardCharsets.UTF_8), true)) {
            if (!probe.usable()) {
                assertEquals("backend: cpu (CUDA unavailable: " + probe.reason() + ")\n", verbose.toString(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void theFallbackLineIsCutToItsFirstClause() {
        assertEquals("backend: cpu (CUDA unavailable: no NVIDIA driver; --verbose says more)",
                Backends.shortLine("backend: cpu (CUDA unavailable: no NVIDIA driver: libcuda.so.1: cannot open shared object file)"));
        assertEquals("backend: cuda (RTX 4060)", Backends.shortLine("backend: cuda (RTX 4060)"));
    }

    @Test
    void cudaHereIsTheGpuOrAnErrorNamingTheReason() throws InputException {
        CudaProbe.Report probe = CudaProbe.probe();
        if (probe.usable()) {
            try (StereoKernels k = Backends.open(Backend.CUDA, System.err)) {
                assertEquals("cuda", k.name());
            }
        } else {
            InputException e = assertThrows(InputException.class, () -> Backends.open(Backend.CUDA, System.err));
            assertEquals("--backend cuda: CUDA unavailable: " + probe.reason(), e.getMessage());
        }
    }

    /** The software device is never taken by auto, only by name, and says in one line what it is. */
    @Test
    void cudaEmulatedRunsTheCudaKernelsOnTheSoftwareDeviceAndSaysSo() throws InputException {
        assertEquals(Backend.CUDA_EMULATED, Backend.parse("cuda-emulated"));
        assertEquals("cuda-emulated", Backend.CUDA_EMULATED.optionName());
        CudaProbe.Report probe = CudaProbe.probe(DeviceKind.SOFTWARE);
        if (!probe.nativeLibrary().loaded()) {
            System.out.println("[tilestereo] software device test skipped: " + probe.reason());
            org.junit.jupiter.api.Assumptions.assumeTrue(false, probe.reason());
        }
        assertTrue(probe.usable(), probe::summary);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (StereoKernels k = Backends.open(Backend.CUDA_EMULATED, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            assertEquals("cuda", k.name());
            String text = log.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("backend: cuda-emulated (") && text.indexOf('\n') == text.length() - 1, text);
        }
    }
}
