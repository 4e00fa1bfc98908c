package org.tilestereo.depth;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.function.IntUnaryOperator;

import org.tilestereo.image.FloatMap;
import org.tilestereo.kernels.FrameOperators;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.memory.Arena;

/**
 * A frame's depth on the operators' device, written once for every device: tile_extract cuts the
 * frame (already there) straight into the model's input, the model's {@link DepthModel#enqueue}
 * writes each run's depth into the tiles' depth buffer, and tile_blend maps it onto the frame's
 * depth buffer (for the whole frame, one tile: the resize back to frame size). With a
 * {@link TileAligner} the tiles are first fitted to a whole-frame pass: that pass is blended into
 * the depth buffer, both come to the host (explicitly, through this stage's staging), the fit runs
 * there and the tiles' scale and shift go back. Every buffer is taken once, when the stage is
 * made, from the operators' memory; a frame allocates nothing. Output is relative inverse depth.
 *
 * @param <B> the device's buffer type
 */
public final class DepthStage<B> implements AutoCloseable {

    /**
     * What the stage computes for frames of width x height: the grid (one tile for the whole
     * frame), the model input of a tile, tiles per run, and the aligner's whole-frame input (null
     * when no aligner runs).
     */
    public record Shape(int width, int height, TileGrid grid, ModelInput input, int batch, ModelInput alignInput) {
        public boolean tiled() {
            return grid.count() > 1;
        }
    }

    /**
     * Bytes the stage takes: on the device, the model input of one run, the depth of all tiles,
     * the tiles' scale and shift, the aligner's input and depth; in staging, the host runtime's
     * copies of a run's input and output, and the aligner's way back and forth.
     */
    public record Sizes(long input, long tileDepth, long tileParameters, long alignInput, long alignDepth,
                        long modelStaging, long reference) {
        public long device() {
            return Arena.need(input, tileDepth, tileParameters, tileParameters, alignInput, alignDepth);
        }

        public long staging() {
            return Arena.need(modelStaging, tileParameters > 0 ? tileDepth : 0, reference, tileParameters, tileParameters);
        }
    }

    /** The bytes of a stage of this shape with this model; measureSeams: the blended depth comes back for the seam score. */
    public static Sizes sizes(Shape s, DepthModel model, boolean measureSeams) {
        return sizes(s, model::paddedBatch, !model.runsOnDevice(), measureSeams);
    }

    /**
     * The bytes of a stage of this shape for a model that pads a run of n images to paddedBatch(n),
     * on a runtime on the host (its input and output pass through staging) or on the device. A
     * model's depth map is at most its input's size ({@link #enqueue} refuses a larger one).
     */
    public static Sizes sizes(Shape s, IntUnaryOperator paddedBatch, boolean hostRuntime, boolean measureSeams) {
        int run = paddedBatch.applyAsInt(s.batch());
        long input = 4L * run * s.input().floatsPerImage();
        long runs = (s.grid().count() + s.batch() - 1) / s.batch();
        // Every run may write a padded batch; the last one starts at the last tiles.
        long tileDepth = 4L * ((runs - 1) * s.batch() + run) * pixels(s.input());
        boolean aligned = s.alignInput() != null;
        long parameters = aligned ? 4L * s.grid().count() : 0;
        int alignRun = paddedBatch.applyAsInt(1);
        long alignInput = aligned ? 4L * alignRun * s.alignInput().floatsPerImage() : 0;
        long alignDepth = aligned ? 4L * alignRun * pixels(s.alignInput()) : 0;
        long modelStaging = hostRuntime ? Math.max(Math.max(input, alignInput), Math.max(tileDepth, alignDepth)) : 0;
        long reference = aligned || (measureSeams && s.tiled()) ? 4L * s.width() * s.height() : 0;
        return new Sizes(input, tileDepth, parameters, alignInput, alignDepth, modelStaging, reference);
    }

    private static long pixels(ModelInput in) {
        return (long) in.width() * in.height();
    }

    private final FrameOperators<B> ops;
    private final DepthModel model;
    private final Shape shape;
    private final Sizes sizes;
    private final TileAligner aligner;
    private final DepthQueue<B> queue;
    private final B input, tileDepth, scale, shift, alignInput, alignDepth;
    private final ByteBuffer tilesBack, referenceBack, scaleOut, shiftOut;
    private final FrameOperators.Mark back;
    private float[] tileValues = new float[0], scaleValues, shiftValues;
    private FloatMap reference;
    private double seamScore = Double.NaN;

    /**
     * @param aligner      fits the tiles to the whole-frame pass; null (or a shape without alignInput): blended as they are
     * @param measureSeams the blended depth of tiled frames comes back for {@link #lastSeamScore}
     */
    public DepthStage(FrameOperators<B> ops, DepthModel model, Shape shape, TileAligner aligner, boolean measureSeams) {
        this.ops = ops;
        this.model = model;
        this.shape = shape;
        this.aligner = shape.alignInput() != null ? aligner : null;
        if (shape.alignInput() != null && aligner == null) {
            throw new IllegalArgumentException("depth stage: the shape has an aligner's pass but no aligner was given");
        }
        this.sizes = sizes(shape, model, measureSeams);
        Sizes z = sizes;
        queue = new DepthQueue<>(ops, z.modelStaging());
        input = ops.floats(z.input() / 4, "model input (NCHW)");
        tileDepth = ops.floats(z.tileDepth() / 4, "tiles' depth");
        scale = z.tileParameters() > 0 ? ops.floats(z.tileParameters() / 4, "tile scale") : null;
        shift = z.tileParameters() > 0 ? ops.floats(z.tileParameters() / 4, "tile shift") : null;
        alignInput = z.alignInput() > 0 ? ops.floats(z.alignInput() / 4, "whole-frame pass input") : null;
        alignDepth = z.alignDepth() > 0 ? ops.floats(z.alignDepth() / 4, "whole-frame pass depth") : null;
        tilesBack = z.tileParameters() > 0 ? ops.staging(z.tileDepth(), "tiles' depth") : null;
        referenceBack = z.reference() > 0 ? ops.staging(z.reference(), "blended depth") : null;
        scaleOut = z.tileParameters() > 0 ? ops.staging(z.tileParameters(), "tile scale") : null;
        shiftOut = z.tileParameters() > 0 ? ops.staging(z.tileParameters(), "tile shift") : null;
        back = ops.mark();
    }

    public Shape shape() {
        return shape;
    }

    public Sizes sizes() {
        return sizes;
    }

    /**
     * Queues the depth of frame (width x height RGB on the device) into depth (width x height
     * floats there). A runtime on the host, the aligner and the seam score wait for the queue; a
     * runtime on the device with neither returns without waiting.
     */
    public void enqueue(B frame, B depth) throws DepthException {
        TileGrid grid = shape.grid();
        int tiles = grid.count(), batch = shape.batch();
        ModelInput in = shape.input();
        long capacity = sizes.tileDepth();
        DepthSize size = null;
        for (int first = 0; first < tiles; first += batch) {
            int count = Math.min(batch, tiles - first);
            ops.tileExtract(frame, grid, first, count, in, input);
            long offset = size == null ? 0 : 4L * first * size.plane();
            B out = ops.slice(tileDepth, offset, capacity - offset, "depth of tiles " + first + ".." + (first + count - 1));
            DepthSize s = model.enqueue(queue, input, count, in, out);
            if (size != null && !s.equals(size)) {
                throw new DepthException(model.describe() + ": tile depth changed size within a frame, " + size.width() + "x"
                        + size.height() + " then " + s.width() + "x" + s.height());
            }
            if ((long) s.plane() > pixels(in)) {
                throw new DepthException(model.describe() + ": depth of " + s.width() + "x" + s.height() + " for an input of "
                        + in.width() + "x" + in.height() + " is larger than the input");
            }
            size = s;
        }
        if (aligner == null) {
            ops.tileBlend(tileDepth, size.width(), size.height(), grid, null, null, depth);
        } else {
            align(frame, depth, size);
        }
        seamScore = Double.NaN;
        if (referenceBack != null && shape.tiled()) {
            seamScore = SeamScore.of(toHost(depth), grid);
        }
    }

    /** The whole-frame pass into depth, the fit on the host, the aligned blend into depth. */
    private void align(B frame, B depth, DepthSize size) throws DepthException {
        TileGrid grid = shape.grid(), whole = TileGrid.whole(shape.width(), shape.height());
        ModelInput low = shape.alignInput();
        ops.tileExtract(frame, whole, 0, 1, low, alignInput);
        DepthSize lowSize = model.enqueue(queue, alignInput, 1, low, alignDepth);
        ops.tileBlend(alignDepth, lowSize.width(), lowSize.height(), whole, null, null, depth);
        ops.download(tileDepth, tilesBack);
        FloatMap ref = toHost(depth); // waits, so the tiles' depth is back too
        int n = grid.count() * size.plane();
        if (tileValues.length < n) {
            tileValues = new float[n];
        }
        tilesBack.duplicate().order(tilesBack.order()).position(0).asFloatBuffer().get(tileValues, 0, n);
        if (scaleValues == null) {
            scaleValues = new float[grid.count()];
            shiftValues = new float[grid.count()];
        }
        aligner.align(ref, grid, tileValues, size.width(), size.height(), scaleValues, shiftValues);
        put(scaleValues, scaleOut);
        put(shiftValues, shiftOut);
        ops.upload(scaleOut, scale);
        ops.upload(shiftOut, shift);
        ops.tileBlend(tileDepth, size.width(), size.height(), grid, scale, shift, depth);
    }

    private static void put(float[] values, ByteBuffer staging) {
        FloatBuffer f = staging.duplicate().order(staging.order()).position(0).asFloatBuffer();
        f.put(values);
    }

    /** depth on the host: queues the copy and waits for everything queued so far. */
    private FloatMap toHost(B depth) {
        ops.download(depth, referenceBack);
        back.record();
        back.await();
        if (reference == null) {
            reference = new FloatMap(shape.width(), shape.height());
        }
        referenceBack.duplicate().order(referenceBack.order()).position(0).asFloatBuffer().get(reference.data());
        return reference;
    }

    /** How well the last frame's tiles agreed where they overlap (measured only when asked for); NaN otherwise. */
    public double lastSeamScore() {
        return seamScore;
    }

    /** Frees the marks; the buffers belong to the operators' memory. */
    @Override
    public void close() {
        try {
            back.close();
        } finally {
            queue.close();
        }
    }
}
