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
                "--vram-budget", "8GiB", "--json", json.toString());
        assertEquals(0, r.status(), r.toString());
        for (String row : new String[] {"CUDA context", "weights", "activations", "attention", "engine workspace",
                "I/O and pipeline buffers", "total", "budget", "decision: tiles", "resident:"}) {
            assertTrue(r.out().contains(row), row + " missing:\n" + r.out());
        }
        String j = Files.readString(json);
        assertTrue(j.contains("\"mode\": \"tiled\"") && j.contains("\"total_bytes\""), j);
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
}
