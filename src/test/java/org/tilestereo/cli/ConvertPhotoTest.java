package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.io.ImageFiles;
import org.tilestereo.kernels.java.WarpForward;
import org.tilestereo.testing.CliRun;
import org.tilestereo.testing.Samples;

/** End-to-end conversions through the CLI, checked against real data. */
class ConvertPhotoTest {
    @TempDir
    Path dir;

    @Test
    void aloeRightViewMatchesTheRealRightView() throws Exception {
        Path right = dir.resolve("right.png");
        CliRun r = CliRun.of("convert", "samples/aloe/aloeL.jpg", "--depth", "samples/aloe/aloeGT.png",
                "--depth-kind", "disparity", "--eyes", "right", "--layout", "right", "-o", right.toString());
        assertEquals(0, r.status(), r.toString());
        RgbImage synthesized = ImageFiles.readRgb(right);
        RgbImage truth = ImageFiles.readRgb(Samples.file("aloe/aloeR.jpg"));
        // The pixels the left view sees: those a forward warp of the known ground truth reaches
        // (0 = unknown is left out, as in samples/aloe/NOTE.md's 28.6 dB nearest-pixel figure).
        RgbImage left = ImageFiles.readRgb(Samples.file("aloe/aloeL.jpg"));
        FloatMap gt = ImageFiles.readDepth(Samples.file("aloe/aloeGT.png"));
        float[] g = gt.data();
        for (int i = 0; i < g.length; i++) if (g[i] == 0f) g[i] = Float.NaN;
        FloatMap reached = new FloatMap(gt.width(), gt.height());
        WarpForward.apply(left, gt, -1f, new RgbImage(gt.width(), gt.height()), reached);
        double se = 0;
        long n = 0;
        for (int i = 0; i < reached.data().length; i++) {
            if (Float.isNaN(reached.data()[i])) continue;
            for (int c = 0; c < 3; c++) {
                int diff = (synthesized.data()[i * 3 + c] & 0xff) - (truth.data()[i * 3 + c] & 0xff);
                se += diff * diff;
            }
            n += 3;
        }
        double psnr = 10 * Math.log10(255.0 * 255.0 / (se / n));
        System.out.printf("aloe right view via the CLI: PSNR %.2f dB over %.1f%% of the pixels%n",
                psnr, 100.0 * n / 3 / reached.data().length);
        assertTrue(psnr >= 28.5, "PSNR " + psnr);
    }

    @Test
    void everyLayoutHasItsSize() throws Exception {
        int w = 1282, h = 1110;
        String[][] layouts = {{"sbs", "2564", "1110"}, {"hsbs", "1282", "1110"}, {"tb", "1282", "2220"},
                {"htb", "1282", "1110"}, {"anaglyph", "1282", "1110"}, {"left", "1282", "1110"},
                {"right", "1282", "1110"}, {"depth", "1282", "1110"}};
        for (String[] l : layouts) {
            Path out = dir.resolve(l[0] + ".png");
            CliRun r = CliRun.of("convert", "samples/aloe/aloeL.jpg", "--depth", "samples/aloe/aloeGT.png",
                    "--depth-kind", "disparity", "--layout", l[0], "-o", out.toString(), "--backend", "cpu");
            assertEquals(0, r.status(), r.toString());
            BufferedImage img = ImageIO.read(out.toFile());
            assertEquals(Integer.parseInt(l[1]), img.getWidth(), l[0]);
            assertEquals(Integer.parseInt(l[2]), img.getHeight(), l[0]);
            if (l[0].equals("depth")) {
                assertEquals(16, img.getColorModel().getPixelSize(), "depth is a 16-bit PNG");
            }
        }
    }

    @Test
    void a4kPhotoWithADepthMapConvertsOnTheCpuAndPrintsTimePerStage() throws IOException {
        BufferedImage src = ImageIO.read(Samples.file("photos/leuvenA.jpg").toFile());
        BufferedImage big = new BufferedImage(3840, 2160, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, 3840, 2160, null);
        g.dispose();
        Path photo = dir.resolve("uhd.jpg");
        ImageIO.write(big, "jpg", photo.toFile());
        // inverse depth: a vertical ramp (near at the bottom) with a nearer box, at a quarter of the size
        BufferedImage depth = new BufferedImage(960, 540, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 540; y++)
            for (int x = 0; x < 960; x++)
                depth.getRaster().setSample(x, y, 0, (x > 300 && x < 600 && y > 200 && y < 400) ? 65000 : y * 100);
        Path depthFile = dir.resolve("uhd-depth.png");
        ImageIO.write(depth, "png", depthFile.toFile());
        Path out = dir.resolve("uhd-sbs.jpg");
        CliRun r = CliRun.of("convert", photo.toString(), "--depth", depthFile.toString(), "--backend", "cpu",
                "--verbose", "-o", out.toString());
        assertEquals(0, r.status(), r.toString());
        System.out.println(r.err());
        for (String stage : new String[] {"decode", "depth", "normalize", "disparity", "warp", "fill", "layout", "encode", "total"}) {
            assertTrue(r.err().lines().anyMatch(l -> l.trim().startsWith(stage) && l.contains(" ms")), stage + " missing:\n" + r.err());
        }
        BufferedImage result = ImageIO.read(out.toFile());
        assertEquals(7680, result.getWidth());
        assertEquals(2160, result.getHeight());
    }
}
