package org.tilestereo.depth;

import org.tilestereo.plan.ModelInputSize;

import java.nio.ByteBuffer;
import java.util.Objects;

import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.FrameOperators;
import org.tilestereo.kernels.HostFrameOperators;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.TileGrid;

/**
 * Depth from a model, on the whole frame or on overlapping tiles: the {@link DepthStage} on the
 * device of a frame program ({@link #stageOn}), or on the host operators of the kernels it was
 * given ({@link #depthOf}). Output is relative inverse depth.
 *
 * <p>Model input size: the whole frame runs at {@link DepthModel#inputFor} with the depth resolution
 * as short side; a tile of T source pixels runs at T rounded to the patch size. With
 * {@link Builder#nativeResolution} the model sees the frame or tile at its own pixel size, without
 * resampling: for convolutional models without a patch-size constraint, and what makes tiled and
 * untiled results comparable pixel for pixel.
 *
 * <p>Tiles are blended as the model returned them unless a {@link TileAligner} is given. depthOf's
 * buffers are kept from frame to frame; a new frame size makes new ones. Owns the model (closes
 * it); the kernels are shared and stay open. One thread at a time.
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

    // The host run of depthOf, for the last frame size.
    private HostRun host;
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
        if (host != null) {
            ModelInput in = host.stage.shape().input();
            s.append(in.width()).append('x').append(in.height());
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

    /** What the depth stage computes for frames of width x height. */
    public DepthStage.Shape shapeFor(int width, int height) {
        TileGrid grid;
        ModelInput in;
        int batch;
        if (tiling == null) {
            grid = TileGrid.whole(width, height);
            in = nativeResolution ? model.exactInput(width, height) : model.inputFor(width, height, resolution);
            batch = 1;
        } else {
            grid = tiling.gridFor(width, height);
            int tw = grid.tileWidth, th = grid.tileHeight;
            // A tile's own short side is its resolution: tiles exist to keep the frame's detail.
            in = nativeResolution ? model.exactInput(tw, th) : model.inputFor(tw, th, Math.min(tw, th));
            batch = Math.min(tileBatch(), grid.count());
        }
        ModelInput alignInput = tiling != null && aligner != null ? model.inputFor(width, height, aligner.resolution()) : null;
        return new DepthStage.Shape(width, height, grid, in, batch, alignInput);
    }

    @Override
    public DepthStage.Sizes stageSizes(int width, int height, boolean measureSeams) throws DepthException {
        return DepthStage.sizes(checkedShape(width, height), model, measureSeams);
    }

    @Override
    public <B> DepthStage<B> stageOn(FrameOperators<B> ops, int width, int height, boolean measureSeams)
            throws DepthException {
        requireOpen();
        return new DepthStage<>(ops, model, checkedShape(width, height), aligner, measureSeams);
    }

    private int checkedWidth, checkedHeight;

    /**
     * The shape, once checked by arithmetic against the machine's memory where the model runs on the
     * host: its activations at the shape's model inputs (ONNX Runtime's rules on the model's graph, a
     * lower bound of what it takes) must fit the physical memory, or the run is refused now, in one
     * line naming the size and the limit, instead of failing (or swapping) minutes later.
     */
    private DepthStage.Shape checkedShape(int width, int height) throws DepthException {
        DepthStage.Shape shape = shapeFor(width, height);
        if (model.runsOnDevice() || model.file() == null || (width == checkedWidth && height == checkedHeight)) {
            return shape;
        }
        long physical = HostMemory.physicalBytes();
        if (physical > 0) {
            long need = HostMemory.activationBytes(model.file(), shape);
            if (need > physical) {
                ModelInput in = shape.input();
                throw new DepthException(String.format(java.util.Locale.ROOT, "%s at %dx%d: the model would run at %dx%d%s and"
                        + " needs at least %s of memory for it, more than this machine's %s; lower --depth-resolution%s",
                        model.describe(), width, height, in.width(), in.height(), shape.batch() > 1 ? " x" + shape.batch() : "",
                        org.tilestereo.memory.Bytes.format(need), org.tilestereo.memory.Bytes.format(physical),
                        tiling == null ? " or give --tile" : " or --tile"));
            }
        }
        checkedWidth = width;
        checkedHeight = height;
        return shape;
    }

    @Override
    public long deviceScratchBytes() {
        return model.deviceScratchBytes();
    }

    @Override
    public <B> void useDeviceScratch(FrameOperators<B> ops, B scratch) {
        model.useDeviceScratch(ops, scratch);
    }

    @Override
    public void releaseDeviceScratch() {
        model.releaseDeviceScratch();
    }

    /**
     * The depth of one frame on the host: the depth stage on the host operators of this source's
     * kernels, with the frame copied in and the depth copied out.
     */
    @Override
    public DepthMap depthOf(RgbImage frame) throws DepthException {
        requireOpen();
        int w = frame.width(), h = frame.height();
        if (host == null || host.width != w || host.height != h) {
            if (host != null) {
                host.stage.close();
            }
            host = new HostRun(w, h);
        }
        return new DepthMap(host.depthOf(frame), DepthKind.INVERSE);
    }

    /** The last tiled frame's seam score from depthOf; NaN for whole frames. */
    public double lastSeamScore() {
        return host == null ? Double.NaN : host.stage.lastSeamScore();
    }

    /** depthOf's buffers for one frame size, on host operators. */
    private final class HostRun {
        final int width, height;
        final HostFrameOperators ops = new HostFrameOperators(kernels);
        final DepthStage<HostFrameOperators.Buffer> stage;
        final HostFrameOperators.Buffer frame, depth;
        final ByteBuffer frameIn, depthOut;

        HostRun(int width, int height) throws DepthException {
            this.width = width;
            this.height = height;
            stage = stageOn(ops, width, height, true);
            frame = ops.rgb(width, height, "frame");
            depth = ops.floats(width, height, "depth");
            frameIn = ops.staging(3L * width * height, "frame");
            depthOut = ops.staging(4L * width * height, "depth");
        }

        FloatMap depthOf(RgbImage image) throws DepthException {
            frameIn.duplicate().position(0).put(image.data());
            ops.upload(frameIn, frame);
            stage.enqueue(frame, depth);
            ops.download(depth, depthOut);
            FloatMap out = new FloatMap(width, height);
            depthOut.duplicate().order(depthOut.order()).position(0).asFloatBuffer().get(out.data());
            return out;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("depth source is closed: " + model.describe());
        }
    }

    private int tileBatch() {
        return Math.min(batchLimit, model.maxBatch());
    }

    /** Closes the model; safe to call twice. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (host != null) {
                host.stage.close();
            }
            model.close();
        }
    }
}
