package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.cuda.Gpu;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.image.RgbImage;
import org.tilestereo.io.ImageFiles;
import org.tilestereo.testing.CliRun;

/**
 * A model with a static input converts a photo everywhere it is planned: on the CPU with a budget and
 * on the CUDA backend (the software device where there is no GPU), resized to its input, whole.
 */
class ConvertStaticModelTest {
    @TempDir
    Path dir;

    @Test
    void aStaticInputModelConvertsWholeAtItsSize() throws Exception {
        Path model = DepthTestModels.write(DepthTestModels.staticPerPixel(56, 70), dir.resolve("fixed.onnx"));
        RgbImage input = ImageFiles.readRgb(Path.of("samples/aloe/aloeL.jpg"));
        Gpu.device(); // says which device the CUDA run uses
        for (String[] run : new String[][] {{"cpu", "--vram-budget=1GiB"}, {Gpu.backendOption(), "--depth-resolution=518"}}) {
            Path out = dir.resolve(run[0] + ".png");
            CliRun r = CliRun.of("convert", "samples/aloe/aloeL.jpg", "--model", model.toString(), "--backend", run[0], run[1],
                    "--verbose", "-o", out.toString());
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.err().contains("the model runs at 70x56"), r.err());
            RgbImage sbs = ImageFiles.readRgb(out);
            assertEquals(2 * input.width(), sbs.width());
            assertEquals(input.height(), sbs.height());
        }
    }
}
