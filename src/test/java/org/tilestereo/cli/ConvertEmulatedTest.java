package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.cuda.Gpu;
import org.tilestereo.io.ImageFiles;
import org.tilestereo.testing.CliRun;
import org.tilestereo.image.RgbImage;

/**
 * The CUDA backend through the CLI, on the test device (the software device where there is no GPU),
 * against --backend cpu: the same photo in every layout and both warps gives the same picture,
 * within one level of colour (float atomics add in any order on a GPU).
 */
class ConvertEmulatedTest {
    @TempDir
    Path dir;

    @Test
    void theCudaBackendConvertsAloeAsTheCpuDoes() throws Exception {
        Gpu.require();
        String[][] cases = {{"sbs", "forward"}, {"anaglyph", "forward"}, {"htb", "backward"}, {"right", "forward"}};
        for (String[] c : cases) {
            RgbImage cpu = convert("cpu", c[0], c[1]);
            RgbImage gpu = convert(Gpu.backendOption(), c[0], c[1]);
            assertEquals(cpu.width(), gpu.width());
            assertEquals(cpu.height(), gpu.height());
            int worst = 0;
            long differing = 0;
            for (int i = 0; i < cpu.data().length; i++) {
                int d = Math.abs((cpu.data()[i] & 0xff) - (gpu.data()[i] & 0xff));
                worst = Math.max(worst, d);
                if (d != 0) differing++;
            }
            System.out.printf("[tilestereo] aloe %s %s: %s vs cpu: %d of %d bytes differ, at most by %d%n", c[0], c[1],
                    Gpu.backendOption(), differing, cpu.data().length, worst);
            final int w = worst;
            assertTrue(worst <= 1, () -> c[0] + " " + c[1] + ": colours differ by " + w + " levels");
        }
    }

    private RgbImage convert(String backend, String layout, String warp) throws Exception {
        Path out = dir.resolve(backend + "-" + layout + "-" + warp + ".png");
        CliRun r = CliRun.of("convert", "samples/aloe/aloeL.jpg", "--depth", "samples/aloe/aloeGT.png", "--depth-kind",
                "disparity", "--layout", layout, "--warp", warp, "--backend", backend, "-o", out.toString());
        assertEquals(0, r.status(), r.toString());
        if (!backend.equals("cpu")) {
            assertTrue(r.err().isEmpty() || r.err().contains("backend: cuda"), r.err());
        }
        return ImageFiles.readRgb(out);
    }
}
