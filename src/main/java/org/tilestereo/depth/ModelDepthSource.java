package org.tilestereo.depth;

import org.tilestereo.plan.ModelInputSize;

import java.util.Objects;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.TileGrid;

/**
 * Depth from a model, on the whole frame or on overlapping tiles, with the pre- and post-processing
 * done by the operator set: tile_extract resamples and normalises into the model's NCHW input,
 * tile_blend maps the depth back to the frame (for the whole frame it is the resize back to frame
 * size). Output is relative inverse depth.
 *
 * <p>Model input size: the whole frame runs at {@link DepthModel#inputFor} with the depth resolution
 * as short side; a tile of T source pixels runs at T rounded to the patch size. With
 * {@link Builder#nativeResolution} the model sees the frame or tile at its own pixel size, without
 * resampling: for convolutional models without a patch-size constraint, and what makes tiled and
 * untiled results comparable pixel for pixel.
 *
 * <p>Tiles are blended as the model returned them unless a {@link TileAligner} is given. Buffers are
 * kept from frame to frame; a new frame size re-plans them. Owns the model (closes it); the kernels
 * are shared and stay open. One thread at a time.
 */
public final class ModelDepthSource implements DepthSource {
    /** Tiles per model run when the model does not fix its batch. */
    public static final int DEFAULT_BATCH = 4;

    private final StereoKernels kernels;
    private final DepthModel model;
    private final int resolution;
    private final Tiling tiling;
    private final boolean nativeResolution;
    private final int batchLimit;
    private final TileAligner aligner;

    // The plan for the last frame size, and buffers that outlive frames.
    private int planWidth, planHeight;
    private TileGrid grid;
    private ModelInput modelInput;
    private float[] input = new float[0];
    private float[] tileDepth = new float[0];
    private float[] scale = new float[0], shift = new float[0];
    private boolean closed;

    private ModelDepthSource(Builder b) {
        this.kernels = b.kernels;
        this.model = b.model;
        this.resolution = b.resolution;
        this.tiling = b.tiling;
        this.nativeResolution = b.nativeResolution;
        this.batchLimit = b.batch;
        this.aligner = b.aligner;
    }

    public static Builder builder(StereoKernels kernels, DepthModel model) {
        return new Builder(kernels, model);
    }

    public static final class Builder {
        private final StereoKernels kernels;
        private final DepthModel model;
        private int resolution = ModelInputSize.DEFAULT_RESOLUTION;
        private Tiling tiling;
        private boolean nativeResolution;
        private int batch = DEFAULT_BATCH;
        private TileAligner aligner;

        private Builder(StereoKernels kernels, DepthModel model) {
            this.kernels = Objects.requireNonNull(kernels, "kernels");
            this.model = Objects.requireNonNull(model, "model");
        }

        /** Short side of the whole-frame model input (rounded to the patch size); default 518. */
        public Builder resolution(int resolution) {
            if (resolution <= 0) {
                throw new IllegalArgumentException("depth resolution must be positive, got " + resolution);
            }
            this.resolution = resolution;
            return this;
        }

        /** Tile frames; null runs the whole frame. */
        public Builder tiling(Tiling tiling) {
            this.tiling = tiling;
            return this;
        }

        /** Run the model at the frame's or tile's own pixel size, without resampling. */
        public Builder nativeResolution(boolean nativeResolution) {
            this.nativeResolution = nativeResolution;
            return this;
        }

        /** Most tiles per model run (the model's fixed batch, if it has one, caps it too). */
        public Builder batch(int batch) {
            if (batch < 1) {
                throw new IllegalArgumentException("tile batch must be at least 1, got " + batch);
            }
            this.batch = batch;
            return this;
        }

        public Builder aligner(TileAligner aligner) {
            this.aligner = aligner;
            return this;
        }

        public ModelDepthSource build() {
            return new ModelDepthSource(this);
        }
    }

    @Override
    public String describe() {
        StringBuilder s = new StringBuilder(model.describe());
        if (tiling != null) {
            s.append(" on ").append(tiling).append(',');
        }
        s.append(" at ");
        if (modelInput != null) {
            s.append(modelInput.width()).append('x').append(modelInput.height());
        } else if (nativeResolution) {
            s.append(tiling != null ? "the tile's own size" : "the frame's own size");
        } else if (tiling != null) {
            s.append("the tile size rounded to ").append(ModelInputSize.PATCH);
        } else {
            s.append("short side ").append(ModelInputSize.roundToPatch(resolution));
        }
        if (tiling != null) {
            s.append(", batch ").append(tileBatch());
        }
        return s.toString();
    }

    @Override
    public DepthMap depthOf(RgbImage frame) throws DepthException {
        if (closed) {
            throw new IllegalStateException("depth source is closed: " + model.describe());
        }
        plan(frame.width(), frame.height());
        FloatMap depth = new FloatMap(frame.width(), frame.height());
        if (tiling == null) {
            kernels.tileExtract(frame, grid, 0, 1, modelInput, input);
            DepthBatch out = model.run(input, 1, modelInput);
            kernels.tileBlend(out.values(), out.width(), out.height(), grid, null, null, depth);
        } else {
            depthOfTiles(frame, depth);
        }
        return new DepthMap(depth, DepthKind.INVERSE);
    }

    private void depthOfTiles(RgbImage frame, FloatMap depth) throws DepthException {
        int tiles = grid.count();
        int batch = tileBatch();
        int depthWidth = 0, depthHeight = 0;
        for (int first = 0; first < tiles; first += batch) {
            int count = Math.min(batch, tiles - first);
            kernels.tileExtract(frame, grid, first, count, modelInput, input);
            DepthBatch out = model.run(input, count, modelInput);
            if (first == 0) {
                depthWidth = out.width();
                depthHeight = out.height();
                tileDepth = atLeast(tileDepth, (long) tiles * out.plane());
            } else if (out.width() != depthWidth || out.height() != depthHeight) {
                throw new DepthException(model.describe() + ": tile depth changed size within a frame, "
                        + depthWidth + "x" + depthHeight + " then " + out.width() + "x" + out.height());
            }
            System.arraycopy(out.values(), 0, tileDepth, first * out.plane(), count * out.plane());
        }
        float[] tileScale = null, tileShift = null;
        if (aligner != null) {
            scale = atLeast(scale, tiles);
            shift = atLeast(shift, tiles);
            aligner.align(frame, grid, tileDepth, depthWidth, depthHeight, scale, shift);
            tileScale = scale;
            tileShift = shift;
        }
        kernels.tileBlend(tileDepth, depthWidth, depthHeight, grid, tileScale, tileShift, depth);
    }

    private int tileBatch() {
        return Math.min(batchLimit, model.maxBatch());
    }

    private void plan(int width, int height) {
        if (grid != null && width == planWidth && height == planHeight) {
            return;
        }
        if (tiling == null) {
            grid = TileGrid.whole(width, height);
            modelInput = nativeResolution ? model.exactInput(width, height) : model.inputFor(width, height, resolution);
        } else {
            grid = tiling.gridFor(width, height);
            int tw = grid.tileWidth, th = grid.tileHeight;
            // A tile's own short side is its resolution: tiles exist to keep the frame's detail.
            modelInput = nativeResolution ? model.exactInput(tw, th) : model.inputFor(tw, th, Math.min(tw, th));
        }
        int perRun = tiling == null ? 1 : Math.min(tileBatch(), grid.count());
        input = atLeast(input, (long) perRun * modelInput.floatsPerImage());
        planWidth = width;
        planHeight = height;
    }

    private static float[] atLeast(float[] buffer, long length) {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("buffer of " + length + " floats is too large for one array");
        }
        return buffer.length >= length ? buffer : new float[(int) length];
    }

    /** Closes the model; safe to call twice. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }
}
