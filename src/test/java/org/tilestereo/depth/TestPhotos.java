package org.tilestereo.depth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.tilestereo.image.RgbImage;
import org.tilestereo.io.ImageFiles;
import org.tilestereo.testing.Samples;

/** Regions of the real photos in samples/ (named as for {@link Samples#file}); a missing photo fails the test, it does not skip it. */
final class TestPhotos {
    private TestPhotos() {
    }

    static RgbImage crop(String name, int x, int y, int width, int height) throws Exception {
        RgbImage img = ImageFiles.readRgb(Samples.file(name));
        assertTrue(x + width <= img.width() && y + height <= img.height(),
                "cannot crop " + width + "x" + height + " at " + x + "," + y + " from " + name + " (" + img.size() + ")");
        RgbImage out = new RgbImage(width, height);
        for (int j = 0; j < height; j++) {
            System.arraycopy(img.data(), ((y + j) * img.width() + x) * 3, out.data(), j * width * 3, width * 3);
        }
        return out;
    }
}
