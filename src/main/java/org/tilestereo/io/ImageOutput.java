package org.tilestereo.io;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;

/** Writing results with ImageIO, through {@link OutputFile} so nothing partial is ever left. */
public final class ImageOutput {
    private ImageOutput() {
    }

    /** The ImageIO format for a file name, or an error naming the supported ones. */
    public static String formatOf(Path file) throws InputException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) return "png";
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) return "jpeg";
        if (name.endsWith(".bmp")) return "bmp";
        throw new InputException(file + ": unknown image type; use .png, .jpg or .bmp");
    }

    public static void writeRgb(RgbImage img, Path target, boolean overwrite) throws InputException, IOException {
        String format = formatOf(target);
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
        byte[] src = img.data();
        for (int i = 0; i < src.length; i += 3) {
            dst[i] = src[i + 2];
            dst[i + 1] = src[i + 1];
            dst[i + 2] = src[i];
        }
        write(bi, format, target, overwrite);
    }

    /** Writes a 0..1 map as a 16-bit grayscale PNG (0..65535). */
    public static void writeDepth16(FloatMap normalized, Path target, boolean overwrite) throws InputException, IOException {
        if (!"png".equals(formatOf(target))) {
            throw new InputException(target + ": the depth layout is a 16-bit PNG; name the output .png");
        }
        BufferedImage bi = new BufferedImage(normalized.width(), normalized.height(), BufferedImage.TYPE_USHORT_GRAY);
        short[] dst = ((DataBufferUShort) bi.getRaster().getDataBuffer()).getData();
        float[] src = normalized.data();
        for (int i = 0; i < src.length; i++) {
            float v = src[i];
            v = Float.isNaN(v) ? 0f : (v < 0f ? 0f : (v > 1f ? 1f : v));
            dst[i] = (short) (int) (v * 65535f + 0.5f);
        }
        write(bi, "png", target, overwrite);
    }

    private static void write(BufferedImage bi, String format, Path target, boolean overwrite) throws InputException, IOException {
        try (OutputFile out = OutputFile.begin(target, overwrite)) {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
            if (!writers.hasNext()) {
                throw new InputException(target + ": this Java runtime cannot write " + format);
            }
            ImageWriter writer = writers.next();
            try (ImageOutputStream stream = ImageIO.createImageOutputStream(out.temp().toFile())) {
                writer.setOutput(stream);
                ImageWriteParam param = writer.getDefaultWriteParam();
                if ("jpeg".equals(format)) {
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionQuality(0.95f);
                }
                writer.write(null, new IIOImage(bi, null, null), param);
            } finally {
                writer.dispose();
            }
            out.commit();
        }
    }
}
