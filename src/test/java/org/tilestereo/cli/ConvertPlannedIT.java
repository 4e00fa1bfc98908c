package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.testing.CliRun;
import org.tilestereo.testing.Samples;

/**
 * A 4K photo with the ViT-S replica on a 2 GiB budget, on the CPU: the plan tiles it, the tiles are
 * aligned and blended, and the seam score stays at or below 1.1. About two minutes on two cores,
 * so it runs with the packaged-jar tests (mvn verify).
 */
class ConvertPlannedIT {
    @TempDir
    Path dir;

    @Test
    void a4kPhotoOnA2GiBBudgetRunsTiledWithoutVisibleSeams() throws Exception {
        BufferedImage src = ImageIO.read(Samples.file("photos/leuvenA.jpg").toFile());
        BufferedImage uhd = new BufferedImage(3840, 2160, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = uhd.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, 3840, 2160, null);
        g.dispose();
        Path photo = dir.resolve("leuven-uhd.png");
        ImageIO.write(uhd, "png", photo.toFile());
        Path out = dir.resolve("sbs.jpg");
        CliRun r = CliRun.of("convert", photo.toString(), "--model", "replica:vits", "--vram-budget", "2GiB",
                "--backend", "cpu", "--verbose", "-o", out.toString());
        System.out.println(r.err());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.err().contains("plan: tiles"), r.err());
        Matcher m = Pattern.compile("seam score: ([0-9.]+)").matcher(r.err());
        assertTrue(m.find(), "the seam score is printed: " + r.err());
        assertTrue(Double.parseDouble(m.group(1)) <= 1.1, "seam score " + m.group(1));
        BufferedImage result = ImageIO.read(out.toFile());
        assertEquals(7680, result.getWidth());
        assertEquals(2160, result.getHeight());
    }
}
