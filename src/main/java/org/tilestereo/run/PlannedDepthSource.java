package org.tilestereo.run;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.function.BiFunction;

import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.depth.DepthModel;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.depth.ModelDepthSource;
import org.tilestereo.depth.DepthStage;
import org.tilestereo.depth.Tiling;
import org.tilestereo.depth.WholeFrameAligner;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.FrameOperators;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.memory.Bytes;
import org.tilestereo.memory.PoolExhaustedException;
import org.tilestereo.plan.Plan;
import org.tilestereo.plan.Planner;
import org.tilestereo.runtime.EngineMemory;
import org.tilestereo.runtime.InputShape;

/**
 * Model depth run the way a {@link Plan} says: the whole frame at its own resolution, or tiles
 * aligned to a whole-frame pass at the depth resolution. The plan is made for the first frame's
 * size (and again if the size changes). When an allocation fails during the run (the estimate was
 * short), it re-plans once with smaller tiles, says so in one line, and carries on with the same
 * frame; a second failure is an error.
 */
public final class PlannedDepthSource implements DepthSource {
    private final StereoKernels kernels;
    private final DepthModel model;
    private final Planner planner;
    private final BiFunction<Integer, Integer, Planner.Request> requestForSize;
    private final PrintStream log;
    private Planner.Request request;
    private Plan plan;
    private ModelDepthSource source;
    private boolean replanned;
    /** Whether the host run's kernels have their device memory for the plan in force. */
    private boolean reserved;
    private double lastSeamScore = Double.NaN;

    /** requestForSize gives the planning question for a frame of width x height. */
    public PlannedDepthSource(StereoKernels kernels, DepthModel model, Planner planner,
                              BiFunction<Integer, Integer, Planner.Request> requestForSize, PrintStream log) {
        this.kernels = kernels;
        this.model = model;
        this.planner = planner;
        this.requestForSize = requestForSize;
        this.log = log;
    }

    private void planFor(int width, int height) throws DepthException {
        if (plan != null && plan.width() == width && plan.height() == height) {
            return;
        }
        request = requestForSize.apply(width, height);
        Plan p = planner.plan(request);
        if (p.fits() && model instanceof EngineMemory engine) {
            if (engine.canMeasure()) {
                p = measuredOrSmaller(p, engine);
                if (!p.fits()) {
                    Plan smaller = planner.shrink(p, request);
                    if (smaller != null) {
                        p = measured(smaller, engine);
                    }
                }
            } else {
                log.println("note: the INT8 engine is calibrated on the first frame; until it exists the plan uses the"
                        + " graph's estimate of its memory");
            }
        }
        if (!p.fits()) {
            throw new DepthException(p.model() + " at " + width + "x" + height + ": " + p.decision()
                    + " (budget " + Bytes.format(p.budget()) + ", " + p.budgetSource() + ")");
        }
        use(p);
    }

    /**
     * The plan with the engine's own figure; where no engine can be built for the plan's shapes (the
     * graph's estimate assumed a fusion the engine did not make, and its tactics found no memory),
     * the next smaller plan, said in one line.
     */
    private Plan measuredOrSmaller(Plan p, EngineMemory engine) throws DepthException {
        try {
            return measured(p, engine);
        } catch (DepthException e) {
            Plan smaller = planner.shrink(p, request);
            if (smaller == null) {
                throw e;
            }
            log.println("note: " + e.getMessage() + "; trying " + smaller.decision());
            return measured(smaller, engine);
        }
    }

    /**
     * The plan with the engine's own figure: one engine prepared for all the plan's shapes (the tiles
     * and the whole-frame pass, or the whole frame), and the memory its context takes for that
     * profile, which is what the run gives it; said in one line.
     */
    private Plan measured(Plan p, EngineMemory engine) throws DepthException {
        InputShape whole = new InputShape(1, p.modelHeight(), p.modelWidth());
        List<InputShape> shapes = switch (p.mode()) {
            case TILED -> List.of(new InputShape(p.batch(), p.tile(), p.tile()), whole);
            case FULL_FRAME, DOES_NOT_FIT -> List.of(whole);
        };
        engine.prepare(shapes);
        long bytes = engine.contextBytes();
        String described = shapes.stream().map(InputShape::toString).collect(Collectors.joining(" and "));
        Plan m = Planner.withEngineActivations(p, bytes, "TensorRT engine, " + described);
        log.printf(Locale.ROOT, "note: TensorRT needs %s of device memory for %s (the graph estimate was %s)%n",
                Bytes.format(bytes), described, Bytes.format(p.bytesOf("activations")));
        return m;
    }

    private void use(Plan p) {
        plan = p;
        reserved = false;
        ModelDepthSource.Builder b = ModelDepthSource.builder(kernels, model);
        if (p.mode() == Plan.Mode.TILED) {
            b.tiling(new Tiling(p.tile(), p.tile(), p.overlap())).batch(p.batch())
                    .aligner(new WholeFrameAligner(Math.min(request.depthResolution(), Math.min(p.width(), p.height()))));
        } else {
            // The whole frame at the plan's model input: its own resolution (the detail a budget pays
            // for) or the depth resolution asked for.
            b.resolution(switch (request.detail()) {
                case FRAME -> Math.min(p.width(), p.height());
                case DEPTH_RESOLUTION -> Math.min(request.depthResolution(), Math.min(p.width(), p.height()));
            });
        }
        source = b.build();
    }

    /** The plan in force (null before the first frame). */
    @Override
    public Plan plan() {
        return plan;
    }

    /** The seam score of the last tiled frame (NaN for whole frames). */
    @Override
    public double lastSeamScore() {
        return lastSeamScore;
    }

    @Override
    public String describe() {
        return plan == null ? model.describe() + " (planned at the first frame)"
                : source.describe() + " (planned: " + plan.decision() + ")";
    }

    @Override
    public DepthStage.Sizes stageSizes(int width, int height, boolean measureSeams) throws DepthException {
        planFor(width, height);
        return source.stageSizes(width, height, measureSeams);
    }

    @Override
    public <B> DepthStage<B> stageOn(FrameOperators<B> ops, int width, int height, boolean measureSeams)
            throws DepthException {
        planFor(width, height);
        return source.stageOn(ops, width, height, measureSeams);
    }

    /** The runtime's scratch for the plan in force (plan first: stageSizes). */
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

    /** The frame's depth on the host run's kernels, which first take the device memory the plan sizes (where they have any). */
    @Override
    public DepthMap depthOf(RgbImage frame) throws DepthException {
        DepthMap d;
        try {
            planFor(frame.width(), frame.height());
            reserve();
            d = source.depthOf(frame);
        } catch (PoolExhaustedException | OutOfMemoryError e) {
            Plan smaller = replanned ? null : planner.shrink(plan, request);
            if (smaller == null || !smaller.fits()) {
                throw new DepthException(plan.model() + ": out of memory with " + plan.decision() + " and no smaller plan fits ("
                        + e.getMessage() + ")", e);
            }
            replanned = true;
            log.printf(Locale.ROOT, "note: allocation failed (%s); re-planned: %s (pool %s)%n", e.getMessage(),
                    smaller.decision(), Bytes.format(smaller.poolBytes()));
            try {
                use(smaller);
                reserve();
                d = source.depthOf(frame);
            } catch (PoolExhaustedException | OutOfMemoryError again) {
                throw new DepthException(plan.model() + ": out of memory even after re-planning to " + smaller.decision()
                        + "; no smaller plan fits (" + again.getMessage() + ")", again);
            }
        }
        lastSeamScore = source.lastSeamScore();
        return d;
    }

    private void reserve() {
        if (!reserved) {
            kernels.reserveDeviceMemory(plan.poolBytes());
            reserved = true;
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
