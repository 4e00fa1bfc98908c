package org.tilestereo.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.tilestereo.depth.DepthException;
import org.tilestereo.image.RgbImage;
import org.tilestereo.io.ImageFiles;
import org.tilestereo.io.InputException;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.kernels.java.JavaKernels;
import org.tilestereo.models.Sha256;

/**
 * The images an INT8 entropy calibration sees, already as the model's NCHW input: either a folder
 * of images, each resized to the calibration shape and normalised as the model wants (the same
 * tile_extract the pipeline uses), or the very input the model was first asked to run (the frames
 * of the conversion itself). All batches have the calibration shape; a remainder too small for a
 * batch is left out.
 */
public final class CalibrationBatches {
    /** More images make a better histogram but a slower build; this many is plenty for depth maps. */
    public static final int DEFAULT_MAX_IMAGES = 64;
    private static final List<String> IMAGE_TYPES = List.of(".png", ".jpg", ".jpeg", ".bmp");

    private final InputShape shape;
    private final List<float[]> batches;
    private final String sourceId;

    private CalibrationBatches(InputShape shape, List<float[]> batches, String sourceId) {
        this.shape = shape;
        this.batches = batches;
        this.sourceId = sourceId;
    }

    /**
     * The images of a folder (PNG, JPEG, BMP, in name order, at most maxImages), at shape's height and
     * width; the batch is shape's, or the number of images when there are fewer.
     */
    public static CalibrationBatches fromFolder(Path folder, InputShape shape, float[] mean, float[] std, int maxImages)
            throws DepthException {
        if (!Files.isDirectory(folder)) {
            throw new DepthException("--calibration " + folder + ": not a folder of images");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> IMAGE_TYPES.stream().anyMatch(t -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(t)))
                    .sorted()
                    .limit(maxImages)
                    .forEach(files::add);
        } catch (IOException e) {
            throw new DepthException("--calibration " + folder + ": cannot list it (" + e.getMessage() + ")", e);
        }
        if (files.isEmpty()) {
            throw new DepthException("--calibration " + folder + ": holds no PNG, JPEG or BMP images");
        }
        List<RgbImage> images = new ArrayList<>();
        StringBuilder id = new StringBuilder("folder:" + folder.toAbsolutePath().normalize());
        for (Path f : files) {
            try {
                images.add(ImageFiles.readRgb(f));
                id.append('|').append(f.getFileName()).append(':').append(Files.size(f)).append(':')
                        .append(Files.getLastModifiedTime(f).toMillis());
            } catch (InputException | IOException e) {
                throw new DepthException("--calibration " + folder + ": " + e.getMessage(), e);
            }
        }
        return fromImages(images, shape, mean, std, Sha256.of(id.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static CalibrationBatches fromImages(List<RgbImage> images, InputShape shape, float[] mean, float[] std, String sourceId) {
        int batch = Math.min(shape.batch(), images.size());
        InputShape s = new InputShape(batch, shape.height(), shape.width());
        ModelInput input = new ModelInput(shape.width(), shape.height(), mean, std);
        int per = input.floatsPerImage();
        float[] one = new float[per];
        List<float[]> batches = new ArrayList<>();
        try (JavaKernels kernels = new JavaKernels()) {
            for (int first = 0; first + batch <= images.size(); first += batch) {
                float[] b = new float[batch * per];
                for (int i = 0; i < batch; i++) {
                    RgbImage img = images.get(first + i);
                    kernels.tileExtract(img, TileGrid.whole(img.width(), img.height()), 0, 1, input, one);
                    System.arraycopy(one, 0, b, i * per, per);
                }
                batches.add(b);
            }
        }
        return new CalibrationBatches(s, batches, sourceId);
    }

    /** The input of the run that asked for the engine: batch images of shape, already normalised. */
    public static CalibrationBatches fromInput(float[] nchw, InputShape shape) {
        if (nchw.length < shape.floats()) {
            throw new IllegalArgumentException("calibration input holds " + nchw.length + " floats, " + shape + " needs " + shape.floats());
        }
        float[] b = java.util.Arrays.copyOf(nchw, (int) shape.floats());
        ByteBuffer bytes = ByteBuffer.allocate(b.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(b);
        return new CalibrationBatches(shape, List.of(b), "input:" + Sha256.of(bytes));
    }

    /** The shape of every batch (and the calibration profile). */
    public InputShape shape() {
        return shape;
    }

    public int count() {
        return batches.size();
    }

    public float[] batch(int i) {
        return batches.get(i);
    }

    /** Identifies the images, so that a calibration table is reused only for the same ones. */
    public String sourceId() {
        return sourceId;
    }
}
