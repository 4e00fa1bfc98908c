package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.testing.CliRun;

/** bench plan measures each configuration in a fresh process and writes one table row each, with the ratio. */
class BenchPlanTest {
    @TempDir
    Path dir;

    @Test
    void oneRowPerConfigurationWithTheRatio() throws Exception {
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(9), dir.resolve("conv.onnx"));
        Path table = dir.resolve("plan.md");
        CliRun r = CliRun.of("bench", "plan", "--models", model.toString(), "--sizes", "640x480", "--batches", "1",
                "--tiled-budget", "1GiB", "--out", table.toString());
        assertEquals(0, r.status(), r.toString());
        String t = Files.readString(table);
        System.out.print(t);
        assertTrue(t.startsWith("| model | frame | batch | plan | activations predicted | measured | predicted/measured |"), t);
        assertTrue(t.lines().filter(l -> l.contains("| 640x480 | 1 | full frame")).count() == 1, t);
        assertTrue(t.lines().anyMatch(l -> l.matches("\\| .* \\| 640x480 \\| 0 \\| .* \\| [0-9.]+ \\|")), "the budget's own plan: " + t);
    }

    /** A size that is not WxH is a one-line error naming it, before any model runs, and no table is written. */
    @Test
    void aBadSizeIsAnErrorNamingIt() throws Exception {
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(9), dir.resolve("conv.onnx"));
        Path table = dir.resolve("plan.md");
        CliRun r = CliRun.of("bench", "plan", "--models", model.toString(), "--sizes", "640by480", "--out", table.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("'640by480' is not WIDTHxHEIGHT"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(Files.notExists(table));
    }
}
