package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.onnx.OnnxDataType;
import org.tilestereo.onnx.OnnxModelBuilder;
import org.tilestereo.testing.CliRun;
import org.tilestereo.testing.Samples;

/** convert --model: a depth model built by the test, run by ONNX Runtime, whole and tiled; bad models refused. */
class ConvertWithModelTest {
    @TempDir
    Path dir;

    @Test
    void modelDepthConvertsWholeFrameAndTiled() throws Exception {
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(5), dir.resolve("conv.onnx"));
        for (List<String> tiling : List.of(List.of("--tile", "0"), List.of("--tile", "200", "--tile-overlap", "32"))) {
            Path out = dir.resolve("fruits-" + tiling.get(1) + ".png");
            List<String> args = new java.util.ArrayList<>(List.of("convert", Samples.file("photos/fruits.jpg").toString(),
                    "--model", model.toString(), "--depth-resolution", "140", "--backend", "cpu", "--verbose",
                    "-o", out.toString()));
            args.addAll(tiling);
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.err().contains("ONNX Runtime"), "says what runs: " + r.err());
            BufferedImage img = ImageIO.read(out.toFile());
            BufferedImage in = ImageIO.read(Samples.file("photos/fruits.jpg").toFile());
            assertEquals(2 * in.getWidth(), img.getWidth());
        }
    }

    @Test
    void aBudgetThatDoesNotHoldTheWholeFrameRunsAlignedTilesAndPrintsTheSeamScore() throws Exception {
        Path out = dir.resolve("building-sbs.png");
        CliRun r = CliRun.of("convert", Samples.file("photos/building.jpg").toString(), "--model", "replica:vits",
                "--vram-budget", "850MiB", "--depth-resolution", "280", "--backend", "cpu", "--verbose", "-o", out.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.err().contains("plan: tiles"), r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("seam score: ([0-9.]+)").matcher(r.err());
        assertTrue(m.find(), r.err());
        assertTrue(Double.parseDouble(m.group(1)) <= 1.1, "seam score " + m.group(1));
        CliRun full = CliRun.of("convert", Samples.file("photos/building.jpg").toString(), "--model", "replica:vits",
                "--vram-budget", "4GiB", "--backend", "cpu", "--verbose", "-o", dir.resolve("full.png").toString());
        assertEquals(0, full.status(), full.toString());
        assertTrue(full.err().contains("plan: full frame: the model runs at 868x602, fp32"), full.err());
        assertEquals(2, CliRun.of("convert", "samples/aloe/aloeL.jpg", "--model", "replica:vits", "--vram-budget", "lots",
                "-o", dir.resolve("x.png").toString()).status());
    }

    @Test
    void aFileThatIsNotOnnxIsRefused() throws Exception {
        Path fake = dir.resolve("fake.onnx");
        Files.write(fake, Files.readAllBytes(Path.of("samples/aloe/aloeGT.png")));
        CliRun r = CliRun.of("convert", "samples/aloe/aloeL.jpg", "--model", fake.toString(), "-o", dir.resolve("o.png").toString());
        assertEquals(1, r.status(), r.toString());
        assertEquals(1, r.errorLines().lines().count(), r.toString());
        assertTrue(r.errorLines().contains("fake.onnx") && r.errorLines().contains("not a valid ONNX model"), r.toString());
        assertFalse(Files.exists(dir.resolve("o.png")));
    }

    @Test
    void aModelOfTheWrongShapeIsRefused() throws Exception {
        Path gray = DepthTestModels.write(new OnnxModelBuilder("gray")
                .input("image", OnnxDataType.FLOAT, "N", 1, "H", "W")
                .node("Relu", List.of("image"), List.of("depth"))
                .output("depth", OnnxDataType.FLOAT, "N", 1, "H", "W"), dir.resolve("gray.onnx"));
        CliRun r = CliRun.of("convert", "samples/aloe/aloeL.jpg", "--model", gray.toString(), "-o", dir.resolve("o.png").toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.errorLines().contains("gray.onnx") && r.errorLines().contains("expected FLOAT [N,3,H,W]"), r.toString());
        assertFalse(Files.exists(dir.resolve("o.png")));
    }

    @Test
    void modelOptionsAreUsageErrorsWhenOutOfRange() {
        String out = dir.resolve("o.png").toString();
        assertEquals(2, CliRun.of("convert", "samples/aloe/aloeL.jpg", "--model", "m.onnx", "--depth-resolution", "5", "-o", out).status());
        assertEquals(2, CliRun.of("convert", "samples/aloe/aloeL.jpg", "--model", "m.onnx", "--tile", "100", "--tile-overlap", "7", "-o", out).status());
        assertEquals(2, CliRun.of("convert", "samples/aloe/aloeL.jpg", "--model", "m.onnx", "--depth-kind", "metric", "-o", out).status());
        assertEquals(2, CliRun.of("convert", "samples/aloe/aloeL.jpg", "--model", "m.onnx", "--depth", "d.png", "-o", out).status());
    }
}
