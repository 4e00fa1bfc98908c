package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.testing.CliRun;

class PlanCommandTest {
    @TempDir
    Path dir;

    @Test
    void plansTheReplicaAndWritesJson() throws Exception {
        Path json = dir.resolve("plan.json");
        CliRun r = CliRun.of("plan", "--model", "replica:vits", "--size", "3840x2160", "--precision", "fp16",
                "--vram-budget", "2GiB", "--json", json.toString());
        assertEquals(0, r.status(), r.toString());
        for (String row : new String[] {"CUDA context", "weights", "activations", "engine workspace",
                "I/O and pipeline buffers", "total", "budget", "decision: tiles", "resident:",
                "12 attention layers fused"}) {
            assertTrue(r.out().contains(row), row + " missing:\n" + r.out());
        }
        String j = Files.readString(json);
        assertTrue(j.contains("\"mode\": \"tiled\"") && j.contains("\"total_bytes\""), j);
    }

    @Test
    void aDeviceOrAPipeIsNotAModelAndAPlanThatDoesNotFitSaysSoOnStderr() {
        CliRun dev = CliRun.of("plan", "--model", "/dev/urandom", "--size", "100x100", "--vram-budget", "1G");
        assertEquals(1, dev.status(), dev.toString());
        assertTrue(dev.errorLines().contains("not a regular file"), dev.toString());

        CliRun tiny = CliRun.of("plan", "--model", "replica:vits", "--size", "100x100", "--vram-budget", "1B");
        assertEquals(1, tiny.status(), tiny.toString());
        assertTrue(tiny.err().contains("does not fit"), "the reason is on stderr, not only in the table: " + tiny);
    }

    @Test
    void withoutABudgetOrAGpuItSaysWhatToDo() {
        CliRun r = CliRun.of("plan", "--model", "replica:vits", "--size", "1920x1080");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("--vram-budget"), r.err());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(2, CliRun.of("plan", "--model", "replica:vits", "--size", "big").status());
        assertEquals(2, CliRun.of("plan", "--model", "replica:vits", "--size", "100x100", "--precision", "fp8", "--vram-budget", "1G").status());
        assertEquals(2, CliRun.of("plan", "--model", "replica:vits", "--size", "100x100", "--vram-budget", "lots").status());
        CliRun missing = CliRun.of("plan", "--model", "nothing.onnx", "--size", "100x100", "--vram-budget", "1G");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("nothing.onnx"), missing.err());
    }

    /**
     * plan --measure runs the planned shapes once and prints measured beside predicted: on a small
     * convolutional model at 320x240 (whole frame), the activations measured are a real growth of the
     * process and the JSON carries both.
     */
    @Test
    void measureRunsThePlanAndPrintsPredictedBesideMeasured() throws Exception {
        Path model = org.tilestereo.depth.DepthTestModels.write(org.tilestereo.depth.DepthTestModels.symmetricConvStack(7),
                dir.resolve("conv.onnx"));
        Path json = dir.resolve("measured.json");
        CliRun r = CliRun.of("plan", "--model", model.toString(), "--size", "960x720", "--vram-budget", "4GiB",
                "--precision", "fp32", "--measure", "--json", json.toString());
        assertEquals(0, r.status(), r.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "activations\\s+predicted\\s+(\\S+ \\S+)\\s+measured\\s+(\\S+ \\S+)\\s+predicted/measured ([0-9.]+)")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        System.out.println("[tilestereo] plan --measure on a 2-layer conv model at 960x720: " + m.group(0).strip());
        assertTrue(r.out().contains("measured: ONNX Runtime"), r.out());
        double ratio = Double.parseDouble(m.group(3));
        assertTrue(ratio > 0.05 && ratio < 20, "a measured figure of the same order as the prediction: " + m.group(0));
        String j = Files.readString(json);
        assertTrue(j.contains("\"measured\"") && j.contains("\"activations_measured_bytes\""), j);
    }
}
