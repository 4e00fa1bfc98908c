package org.tilestereo.io;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;

/**
 * Reading photos and depth maps with ImageIO. Anything ImageIO only warns about (a truncated JPEG
 * decodes to a grey lower half with a warning) is treated as an error: converting half a picture
 * silently is worse than refusing it.
 */
public final class ImageFiles {
    /**
     * The largest photo converted: 16384x16384. Its RGB bytes, float depth and disparity, both eyes and
     * the side-by-side output already take about 5 GiB of memory, and index arithmetic on three bytes
     * per pixel stays inside Java's array limit (2^31).
     */
    public static final long MAX_PIXELS = 16384L * 16384L;

    private ImageFiles() {
    }

    /** Reads a photo as 8-bit RGB. */
    public static RgbImage readRgb(Path file) throws InputException {
        BufferedImage img = decode(file);
        int w = img.getWidth(), h = img.getHeight();
        RgbImage out = new RgbImage(w, h);
        byte[] d = out.data();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, i = y * w * 3; x < w; x++, i += 3) {
                int p = row[x];
                d[i] = (byte) (p >> 16);
                d[i + 1] = (byte) (p >> 8);
                d[i + 2] = (byte) p;
            }
        }
        return out;
    }

    /**
     * Reads a depth map: a grayscale image of 8 or 16 bits (values as stored, 0..255 or 0..65535),
     * or an RGB image whose three channels are equal (grey saved as colour).
     */
    public static FloatMap readDepth(Path file) throws InputException {
        BufferedImage img = decode(file);
        Raster r = img.getRaster();
        int w = img.getWidth(), h = img.getHeight(), bands = r.getNumBands();
        int type = r.getTransferType();
        if (type != DataBuffer.TYPE_BYTE && type != DataBuffer.TYPE_USHORT) {
            throw new InputException(file + ": depth map samples must be 8 or 16-bit integers");
        }
        FloatMap out = new FloatMap(w, h);
        float[] d = out.data();
        int[] px = new int[w * bands];
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, px);
            for (int x = 0; x < w; x++) {
                int v = px[x * bands];
                if (bands >= 3 && (px[x * bands + 1] != v || px[x * bands + 2] != v)) {
                    throw new InputException(file + ": depth map must be grayscale, but pixel (" + x + "," + y + ") is coloured");
                }
                d[y * w + x] = v;
            }
        }
        return out;
    }

    private static BufferedImage decode(Path file) throws InputException {
        if (!Files.exists(file)) {
            throw new InputException(file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new InputException(file + ": is a folder, not an image");
        }
        if (!Files.isReadable(file)) {
            throw new InputException(file + ": not readable (permission denied)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new InputException(file + ": cannot be opened");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InputException(file + ": not an image in a format this build reads (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            StringBuilder warnings = new StringBuilder();
            reader.addIIOReadWarningListener((source, warning) -> {
                if (warnings.length() == 0) warnings.append(warning);
            });
            try {
                reader.setInput(in, true, true);
                // The size from the header, before decoding anything: a picture too large to convert is
                // refused now, in one line, not after gigabytes of decoding.
                long w = reader.getWidth(0), h = reader.getHeight(0);
                if (w < 1 || h < 1 || w * h > MAX_PIXELS) {
                    throw new InputException(String.format(java.util.Locale.ROOT,
                            "%s: the image is %dx%d (%.0f megapixels), more than the %d megapixels tilestereo converts"
                                    + " (e.g. 16384x16384); scale it down first", file, w, h, w * h / 1e6, MAX_PIXELS / 1_000_000));
                }
                BufferedImage img = reader.read(0);
                if (warnings.length() > 0) {
                    throw new InputException(file + ": damaged " + reader.getFormatName() + " image (" + warnings + ")");
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (InputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO reports truncation and corrupt data as IIOException, EOFException or, for some
            // PNG damage, runtime exceptions from deep in the decoder.
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new InputException(file + ": damaged or not an image (" + why + ")", e);
        }
    }
}
