package org.tilestereo.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.depth.DepthException;
import org.tilestereo.image.RgbImage;
import org.tilestereo.io.ImageFiles;
import org.tilestereo.io.ImageOutput;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.kernels.java.JavaKernels;
import org.tilestereo.testing.TestImages;

/** Calibration images become the model's normalised NCHW input, batch by batch. */
class CalibrationBatchesTest {
    @TempDir
    Path dir;

    private static final float[] MEAN = ModelInput.IMAGENET_MEAN, STD = ModelInput.IMAGENET_STD;

    @Test
    void aFolderOfImagesInNameOrder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("calib"));
        for (int i = 0; i < 5; i++) {
            ImageOutput.writeRgb(TestImages.randomRgb(40 + 7 * i, 30 + 3 * i, i), folder.resolve("img" + i + ".png"), false);
        }
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        InputShape shape = new InputShape(2, 28, 42);
        CalibrationBatches b = CalibrationBatches.fromFolder(folder, shape, MEAN, STD, 64);
        assertEquals(shape, b.shape());
        assertEquals(2, b.count(), "5 images in batches of 2: the fifth is left out");
        assertEquals(shape.floats(), b.batch(0).length);

        // The second image of the second batch is img3, resized and normalised as tile_extract does it.
        RgbImage img3 = ImageFiles.readRgb(folder.resolve("img3.png"));
        ModelInput in = new ModelInput(42, 28, MEAN, STD);
        float[] expected = new float[in.floatsPerImage()];
        try (JavaKernels k = new JavaKernels()) {
            k.tileExtract(img3, TileGrid.whole(img3.width(), img3.height()), 0, 1, in, expected);
        }
        float[] got = java.util.Arrays.copyOfRange(b.batch(1), in.floatsPerImage(), 2 * in.floatsPerImage());
        assertArrayEquals(expected, got);

        CalibrationBatches few = CalibrationBatches.fromFolder(folder, new InputShape(8, 28, 42), MEAN, STD, 3);
        assertEquals(new InputShape(3, 28, 42), few.shape(), "fewer images than the batch: the batch shrinks");
        assertEquals(1, few.count());
        assertNotEquals(b.sourceId(), few.sourceId());
        assertEquals(b.sourceId(), CalibrationBatches.fromFolder(folder, shape, MEAN, STD, 64).sourceId());
    }

    @Test
    void badFoldersAreNamed() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        DepthException e = assertThrows(DepthException.class,
                () -> CalibrationBatches.fromFolder(empty, new InputShape(1, 14, 14), MEAN, STD, 64));
        assertEquals("--calibration " + empty + ": holds no PNG, JPEG or BMP images", e.getMessage());
        Path file = Files.writeString(dir.resolve("f.png"), "x");
        e = assertThrows(DepthException.class, () -> CalibrationBatches.fromFolder(file, new InputShape(1, 14, 14), MEAN, STD, 64));
        assertTrue(e.getMessage().contains("not a folder"));
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("a.jpg"), "not a jpeg");
        e = assertThrows(DepthException.class, () -> CalibrationBatches.fromFolder(broken, new InputShape(1, 14, 14), MEAN, STD, 64));
        assertTrue(e.getMessage().startsWith("--calibration " + broken + ": "), e.getMessage());
    }

    @Test
    void theRunsOwnInput() {
        InputShape s = new InputShape(1, 2, 2);
        float[] in = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 99};
        CalibrationBatches b = CalibrationBatches.fromInput(in, s);
        assertEquals(1, b.count());
        assertArrayEquals(java.util.Arrays.copyOf(in, 12), b.batch(0));
        in[0] = -1;
        assertEquals(1f, b.batch(0)[0], "a copy");
        assertNotEquals(b.sourceId(), CalibrationBatches.fromInput(in, s).sourceId());
        assertThrows(IllegalArgumentException.class, () -> CalibrationBatches.fromInput(new float[3], s));
    }
}
