package org.tilestereo.depth;

import java.io.PrintStream;
import java.util.Locale;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.memory.Bytes;
import org.tilestereo.memory.PoolExhaustedException;
import org.tilestereo.plan.Plan;
import org.tilestereo.plan.Planner;

/**
 * Model depth run the way a {@link Plan} says: the whole frame at its own resolution, or tiles
 * aligned to a whole-frame pass at the depth resolution. When an allocation fails during the run
 * (the plan's estimate was short), it re-plans once with smaller tiles, says so in one line, and
 * carries on with the same frame; a second failure is an error.
 */
public final class PlannedDepthSource implements DepthSource {
    private final StereoKernels kernels;
    private final DepthModel model;
    private final Planner planner;
    private final Planner.Request request;
    private final PrintStream log;
    private Plan plan;
    private ModelDepthSource source;
    private boolean replanned;
    private double lastSeamScore = Double.NaN;

    public PlannedDepthSource(StereoKernels kernels, DepthModel model, Planner planner, Planner.Request request,
                              Plan plan, PrintStream log) throws DepthException {
        if (!plan.fits()) {
            throw new DepthException(plan.model() + " at " + plan.width() + "x" + plan.height() + ": " + plan.decision());
        }
        this.kernels = kernels;
        this.model = model;
        this.planner = planner;
        this.request = request;
        this.log = log;
        use(plan);
    }

    private void use(Plan p) {
        plan = p;
        ModelDepthSource.Builder b = ModelDepthSource.builder(kernels, model);
        if (p.mode() == Plan.Mode.TILED) {
            b.tiling(new Tiling(p.tile(), p.tile(), p.overlap())).batch(p.batch())
                    .aligner(new WholeFrameAligner(kernels, model, request.depthResolution()));
        } else {
            // The whole frame at its own resolution: the detail the budget pays for.
            b.resolution(Math.min(p.width(), p.height()));
        }
        source = b.build();
    }

    public Plan plan() {
        return plan;
    }

    /** The seam score of the last tiled frame (NaN for whole frames). */
    public double lastSeamScore() {
        return lastSeamScore;
    }

    @Override
    public String describe() {
        return source.describe() + " (planned: " + plan.decision() + ")";
    }

    @Override
    public DepthMap depthOf(RgbImage frame) throws DepthException {
        DepthMap d;
        try {
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
            use(smaller);
            d = source.depthOf(frame);
        }
        if (plan.mode() == Plan.Mode.TILED) {
            TileGrid grid = new Tiling(plan.tile(), plan.tile(), plan.overlap()).gridFor(frame.width(), frame.height());
            lastSeamScore = SeamScore.of(d.values(), grid);
        }
        return d;
    }

    @Override
    public void close() {
        model.close();
    }
}
