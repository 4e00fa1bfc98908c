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
import org.tilestereo.onnx.Attribute;
import org.tilestereo.onnx.OnnxDataType;
import org.tilestereo.onnx.OnnxModelBuilder;
import org.tilestereo.testing.CliRun;
import org.tilestereo.testing.Samples;

/** Results that would mean nothing: refused (a model's non-finite output) or said in one warning line. */
class MeaninglessOutputTest {
    @TempDir
    Path dir;

    @Test
    void aModelWhoseOutputIsNotFiniteIsRefusedInOneLine() throws Exception {
        // depth = sqrt(-(|conv(x)| + 1)): NaN everywhere.
        OnnxModelBuilder nan = DepthTestModels.nanOutput();
        Path model = DepthTestModels.write(nan, dir.resolve("nan.onnx"));
        Path out = dir.resolve("out.png");
        CliRun r = CliRun.of("convert", Samples.file("photos/fruits.jpg").toString(), "--model", model.toString(),
                "--backend", "cpu", "--depth-resolution", "56", "-o", out.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.errorLines().contains("not finite") && r.errorLines().contains("nan.onnx"), r.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void aDepthMapWithOneValueOrDisparitiesOfNoSizeGetsAWarningNamingTheFix() throws Exception {
        Path photo = Samples.file("photos/fruits.jpg");
        BufferedImage p = ImageIO.read(photo.toFile());
        BufferedImage flat = new BufferedImage(p.getWidth(), p.getHeight(), BufferedImage.TYPE_USHORT_GRAY);
        Path flatMap = dir.resolve("flat.png");
        ImageIO.write(flat, "png", flatMap.toFile());
        CliRun r = CliRun.of("convert", photo.toString(), "--depth", flatMap.toString(), "--backend", "cpu",
                "-o", dir.resolve("a.png").toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("warning: ") && l.contains("flat.png")
                && l.contains("same value")), r.toString());

        // A 16-bit disparity map (values up to 65535) read with --depth-scale 1: disparities far beyond the width.
        BufferedImage ramp = new BufferedImage(p.getWidth(), p.getHeight(), BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < ramp.getHeight(); y++) {
            for (int x = 0; x < ramp.getWidth(); x++) {
                ramp.getRaster().setSample(x, y, 0, 1000 + 60000 * x / ramp.getWidth());
            }
        }
        Path rampMap = dir.resolve("disparity16.png");
        ImageIO.write(ramp, "png", rampMap.toFile());
        CliRun wide = CliRun.of("convert", photo.toString(), "--depth", rampMap.toString(), "--depth-kind", "disparity",
                "--backend", "cpu", "-o", dir.resolve("b.png").toString());
        assertEquals(0, wide.status(), wide.toString());
        assertTrue(wide.err().contains("--depth-scale 256"), wide.toString());
        // The same map scaled to pixels has nothing to say.
        CliRun fine = CliRun.of("convert", photo.toString(), "--depth", rampMap.toString(), "--depth-kind", "disparity",
                "--depth-scale", "2048", "--backend", "cpu", "-o", dir.resolve("c.png").toString());
        assertEquals(0, fine.status(), fine.toString());
        assertFalse(fine.err().contains("warning:"), fine.toString());
    }

    @Test
    void aModelWhoseDepthHasOneValueGetsAWarning() throws Exception {
        // depth = conv(x) x 0 + 1: 1 everywhere.
        OnnxModelBuilder flat = new OnnxModelBuilder("flat")
                .input("image", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .initializer("w", new float[] {1, 1, 1}, 1, 3, 1, 1)
                .initializer("zero", new float[] {0f})
                .initializer("one", new float[] {1f})
                .node("Conv", List.of("image", "w"), List.of("c"))
                .node("Mul", List.of("c", "zero"), List.of("z"))
                .node("Add", List.of("z", "one"), List.of("depth"))
                .output("depth", OnnxDataType.FLOAT, "N", 1, "H", "W");
        Path model = DepthTestModels.write(flat, dir.resolve("flat.onnx"));
        CliRun r = CliRun.of("convert", Samples.file("photos/fruits.jpg").toString(), "--model", model.toString(),
                "--backend", "cpu", "--depth-resolution", "56", "-o", dir.resolve("flat-out.png").toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("warning: ") && l.contains("flat.onnx") && l.contains("one value")),
                r.toString());
    }
}
