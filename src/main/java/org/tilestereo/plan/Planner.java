package org.tilestereo.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.memory.Bytes;

/**
 * Plans a run to fit a memory budget. The whole frame at its own resolution if it fits; otherwise
 * the largest square tiles (multiples of the 14-pixel patch) that fit with batch 1, then the largest
 * batch up to {@link #MAX_BATCH} at that tile size; otherwise a lower precision; otherwise it says
 * how much is missing. Tiled runs add a whole-frame pass at the depth resolution that the tiles are
 * aligned to.
 */
public final class Planner {
    /**
     * What a CUDA context with the runtime's kernels loaded takes on the device before any
     * allocation: about 300-500 MiB on current drivers; an estimate until measured on the card.
     */
    public static final long CUDA_CONTEXT = 384 * Bytes.MiB;
    /** Scratch the depth engine may use for its tactics (TensorRT's workspace limit is set to it). */
    public static final long ENGINE_WORKSPACE = 256 * Bytes.MiB;
    public static final int MAX_BATCH = 8;
    /** Below 16 patches a side, tiles are mostly overlap and the model sees too little context. */
    public static final int MIN_TILE = 16 * ModelInputSize.PATCH;

    private final MemoryModel model;
    private final BufferModel buffers;
    private final RuntimeRules rules;
    private final String graphNote;

    /**
     * model: the depth model's memory; buffers: what the run holds around it for a frame; rules: how
     * the runtime that will run it lays out activations.
     */
    public Planner(MemoryModel model, BufferModel buffers, RuntimeRules rules) {
        this(model, buffers, rules, null);
    }

    /** graphNote: why the runtime's own graph could not be used (a plan note), or null. */
    public Planner(MemoryModel model, BufferModel buffers, RuntimeRules rules, String graphNote) {
        this.model = model;
        this.buffers = buffers;
        this.rules = rules;
        this.graphNote = graphNote;
    }

    /** A planning question: frame size, wanted precision, batch (0 = choose), budget, what spare memory buys. */
    public record Request(String modelName, int width, int height, Precision precision, int batch, long budget,
                          String budgetSource, int depthResolution, boolean mayLowerPrecision, Detail detail) {
        /** A request whose precision may be lowered to fit (a TensorRT engine can be built at any), spending memory on detail. */
        public Request(String modelName, int width, int height, Precision precision, int batch, long budget,
                       String budgetSource, int depthResolution) {
            this(modelName, width, height, precision, batch, budget, budgetSource, depthResolution, true, Detail.FRAME);
        }

        public Request {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
            }
            if (batch < 0 || batch > 64) {
                throw new IllegalArgumentException("batch must be within 1..64 (0 = choose), got " + batch);
            }
            if (budget <= 0) {
                throw new IllegalArgumentException("budget must be positive, got " + budget);
            }
        }
    }

    public Plan plan(Request r) {
        List<String> notes = new ArrayList<>();
        notes.add("activations by the rules of " + rules.description() + (model.countsRuntimeGraph()
                ? ", counted on the graph the runtime runs (its optimizer's output)" : ", counted on the model file's graph"));
        if (graphNote != null) {
            notes.add(graphNote);
        }
        int[] fixed = model.fixedImageSize();
        if (fixed != null) {
            return fixedInput(r, fixed, notes);
        }
        Plan smallest = null;
        Precision previous = null;
        for (Precision p : from(r)) {
            if (previous != null) {
                notes.add(String.format(Locale.ROOT, "%s does not fit even at the smallest tiles; lowered to %s",
                        previous.name().toLowerCase(Locale.ROOT), p.name().toLowerCase(Locale.ROOT)));
            }
            previous = p;
            Plan full = fullFrame(r, p, notes);
            if (full.total() <= r.budget()) {
                return full;
            }
            Plan tiled = largestTiles(r, p, notes);
            if (tiled != null) {
                return tiled;
            }
            smallest = tiles(r, p, MIN_TILE, Math.max(1, r.batch()), notes, Plan.Mode.DOES_NOT_FIT);
        }
        return smallest;
    }

    /**
     * A model whose input size is static: the frame is resized to it, whole (a tile would be resized to
     * the same size, so tiling buys nothing); lower precisions are tried where the runtime has them.
     */
    private Plan fixedInput(Request r, int[] fixed, List<String> notes) {
        int mw = fixed[0], mh = fixed[1], batch = Math.max(1, fixed[2]);
        notes.add(String.format(Locale.ROOT, "the model's input is fixed at %dx%d: the frame is resized to it, never tiled", mw, mh));
        Plan last = null;
        for (Precision p : from(r)) {
            ActivationMemory act = model.activationsWithInPlaceReuse(batch, mh, mw, p, rules);
            long around = buffers.bytes(r.width(), r.height(), TileGrid.whole(r.width(), r.height()), mw, mh, batch, 0, 0);
            long bytes = activationBytes(act, List.of(new int[] {batch, mh, mw}), p);
            Plan full = build(r, p, Plan.Mode.FULL_FRAME, 0, 0, 1, 1, batch, mw, mh, act, bytes, around, notes,
                    activationLabel("the model's fixed input"));
            if (full.total() <= r.budget()) {
                return full;
            }
            last = build(r, p, Plan.Mode.DOES_NOT_FIT, 0, 0, 1, 1, batch, mw, mh, act, bytes, around, notes,
                    activationLabel("the model's fixed input"));
        }
        return last;
    }

    /** Precisions from the wanted one down, or just the wanted one when the runtime has no other. */
    private static List<Precision> from(Request r) {
        if (!r.mayLowerPrecision()) {
            return List.of(r.precision());
        }
        List<Precision> l = new ArrayList<>();
        for (Precision q : Precision.values()) {
            if (q.bytes <= r.precision().bytes) l.add(q);
        }
        return l;
    }

    private Plan fullFrame(Request r, Precision p, List<String> notes) {
        int[] input = wholeFrameInput(r);
        int mw = input[0], mh = input[1];
        int batch = Math.max(1, r.batch());
        ActivationMemory act = model.activationsWithInPlaceReuse(batch, mh, mw, p, rules);
        long around = buffers.bytes(r.width(), r.height(), TileGrid.whole(r.width(), r.height()), mw, mh, batch, 0, 0);
        long bytes = activationBytes(act, List.of(new int[] {batch, mh, mw}), p);
        return build(r, p, Plan.Mode.FULL_FRAME, 0, 0, 1, 1, batch, mw, mh, act, bytes, around, notes,
                activationLabel("whole frame" + (batch > 1 ? " x" + batch : "")));
    }

    /** The largest tile that fits at batch 1 (or the requested batch), then the largest batch there. */
    private Plan largestTiles(Request r, Precision p, List<String> notes) {
        int fixedBatch = r.batch();
        int lo = MIN_TILE / ModelInputSize.PATCH;
        int hi = Math.max(lo, (Math.max(r.width(), r.height()) + 2 * overlapFor(Math.max(r.width(), r.height())))
                / ModelInputSize.PATCH + 1);
        if (!fitsTiles(r, p, lo * ModelInputSize.PATCH, Math.max(1, fixedBatch))) {
            return null;
        }
        while (lo < hi) {  // largest k with fits(14k)
            int mid = (lo + hi + 1) >>> 1;
            if (fitsTiles(r, p, mid * ModelInputSize.PATCH, Math.max(1, fixedBatch))) lo = mid;
            else hi = mid - 1;
        }
        int tile = smallestTileWithSameGrid(r, lo * ModelInputSize.PATCH);
        int batch = fixedBatch;
        if (batch == 0) {
            int tiles = grid(r, tile).count();
            batch = 1;
            for (int b = 2; b <= Math.min(MAX_BATCH, tiles); b++) {
                if (fitsTiles(r, p, tile, b)) batch = b;
                else break;
            }
        }
        return tiles(r, p, tile, batch, notes, Plan.Mode.TILED);
    }

    /**
     * The largest tile that fits decides how many tiles a frame needs; the smallest tile giving that
     * same grid covers the frame with the least padding, so it needs less memory and compute.
     */
    private static int smallestTileWithSameGrid(Request r, int largest) {
        int count = grid(r, largest).count();
        int lo = MIN_TILE / ModelInputSize.PATCH, hi = largest / ModelInputSize.PATCH;
        while (lo < hi) {  // smallest k whose grid has no more tiles
            int mid = (lo + hi) >>> 1;
            if (grid(r, mid * ModelInputSize.PATCH).count() <= count) hi = mid;
            else lo = mid + 1;
        }
        return lo * ModelInputSize.PATCH;
    }

    private boolean fitsTiles(Request r, Precision p, int tile, int batch) {
        return tiles(r, p, tile, batch, List.of(), Plan.Mode.TILED).total() <= r.budget();
    }

    private Plan tiles(Request r, Precision p, int tile, int batch, List<String> notes, Plan.Mode mode) {
        TileGrid g = grid(r, tile);
        int[] low = lowResolutionPass(r);
        ActivationMemory tileAct = model.activationsWithInPlaceReuse(batch, tile, tile, p, rules);
        ActivationMemory lowAct = model.activationsWithInPlaceReuse(1, low[1], low[0], p, rules);
        // The whole-frame pass and the tile batches run one after the other and share the activation memory.
        ActivationMemory act = tileAct.peakBytes() >= lowAct.peakBytes() ? tileAct : lowAct;
        long bytes = activationBytes(act, Plan.tileRuns(g.count(), batch, tile, low[0], low[1]), p);
        long around = buffers.bytes(r.width(), r.height(), g, tile, tile, batch, low[0], low[1]);
        return build(r, p, mode, tile, g.overlap, g.cols, g.rows, batch, low[0], low[1], act, bytes, around, notes,
                activationLabel(batch + " tile" + (batch > 1 ? "s" : "") + " of " + tile + "x" + tile));
    }

    /**
     * What a frame's model runs take for activations under the runtime's rules: the peak of live
     * tensors, or where the runtime keeps an arena, what the arena holds resident once two frames'
     * runs have gone through it (a second frame starts from the regions the first one left; a frame of
     * one run repeats exactly).
     */
    private long activationBytes(ActivationMemory peak, List<int[]> frameRuns, Precision p) {
        if (!rules.replaysArena()) {
            return peak.peakBytes();
        }
        List<List<BufferLife>> runs = new ArrayList<>();
        for (int[] run : frameRuns) {
            runs.add(model.buffers(model.inputShapes(run[0], run[1], run[2]), p, rules));
        }
        List<List<BufferLife>> twoFrames = new ArrayList<>(runs);
        if (runs.size() > 1) {
            twoFrames.addAll(runs);
        }
        return ArenaReplay.resident(twoFrames);
    }

    private String activationLabel(String what) {
        return rules.replaysArena() ? "activations (" + what + ", resident in the runtime's arena)"
                : "activations (peak, " + what + ")";
    }

    /** The model input of the whole frame, width and height, by the request's {@link Detail}. */
    public static int[] wholeFrameInput(Request r) {
        return switch (r.detail()) {
            case FRAME -> new int[] {ModelInputSize.roundToPatch(r.width()), ModelInputSize.roundToPatch(r.height())};
            case DEPTH_RESOLUTION -> lowResolutionPass(r);
        };
    }

    /** The whole-frame pass tiles are aligned to: the depth resolution, never above the frame's own. */
    public static int[] lowResolutionPass(Request r) {
        int resolution = Math.min(r.depthResolution(), Math.min(r.width(), r.height()));
        return ModelInputSize.forRegion(r.width(), r.height(), resolution, 0, 0);
    }

    private static TileGrid grid(Request r, int tile) {
        return TileGrid.of(r.width(), r.height(), tile, tile, overlapFor(tile));
    }

    /** An eighth of the tile, even, at least 16: room for the feathering and the model's context. */
    static int overlapFor(int tile) {
        return Math.max(16, (tile / 8) & ~1);
    }

    private Plan build(Request r, Precision p, Plan.Mode mode, int tile, int overlap, int cols, int rows, int batch,
                       int mw, int mh, ActivationMemory act, long activations, long buffers, List<String> notes,
                       String actLabel) {
        WeightMemory w = model.weights();
        long attention = act.largestAttention().map(AttentionTerm::bytes).orElse(0L);
        List<Plan.Line> lines = new ArrayList<>();
        lines.add(new Plan.Line("CUDA context (estimate)", CUDA_CONTEXT, true));
        lines.add(new Plan.Line(String.format(Locale.ROOT, "weights (%,d parameters, %s)", w.parameters(),
                p.name().toLowerCase(Locale.ROOT)), w.bytes(p), true));
        lines.add(new Plan.Line(actLabel, activations, true));
        if (activations != act.peakBytes()) {
            lines.add(new Plan.Line("of which live at once, at the peak", act.peakBytes(), false));
        }
        if (attention > 0) {
            lines.add(new Plan.Line("of which attention, largest layer", attention, false));
        }
        lines.add(new Plan.Line("engine workspace", ENGINE_WORKSPACE, true));
        lines.add(new Plan.Line("I/O and pipeline buffers", buffers, true));
        long total = 0;
        for (Plan.Line l : lines) {
            if (l.counted()) total += l.bytes();
        }
        List<String> planNotes = new ArrayList<>(notes);
        if (act.fusedAttention() > 0) {
            planNotes.add(act.fusedAttention() + " attention layer" + (act.fusedAttention() > 1 ? "s" : "")
                    + " fused (Q or K scaled before the first MatMul): their scores are not counted; the engine's own"
                    + " figure checks this once built");
        }
        return new Plan(r.modelName(), r.width(), r.height(), mode, p, tile, overlap, cols, rows, batch, mw, mh,
                List.copyOf(lines), total, r.budget(), r.budgetSource(), attention, List.copyOf(planNotes));
    }

    /**
     * The plan with its activation line replaced by what the engine itself reports for the plan's
     * shapes (TensorRT's device memory for exactly those shapes): where an engine exists, its figure
     * beats the graph's estimate. The total is recomputed; the caller checks it against the budget.
     */
    public static Plan withEngineActivations(Plan p, long activationBytes, String source) {
        List<Plan.Line> lines = new ArrayList<>();
        long total = 0;
        for (Plan.Line l : p.lines()) {
            Plan.Line line = l.label().startsWith("activations")
                    ? new Plan.Line("activations (" + source + ")", activationBytes, true) : l;
            lines.add(line);
            if (line.counted()) total += line.bytes();
        }
        List<String> notes = new ArrayList<>(p.notes());
        notes.add("activations as the engine reports them (" + source + "), not the graph's estimate");
        Plan.Mode mode = total <= p.budget() ? p.mode() : Plan.Mode.DOES_NOT_FIT;
        return new Plan(p.model(), p.width(), p.height(), mode, p.precision(), p.tile(), p.overlap(), p.cols(), p.rows(),
                p.batch(), p.modelWidth(), p.modelHeight(), List.copyOf(lines), total, p.budget(), p.budgetSource(),
                p.attentionBytes(), List.copyOf(notes));
    }

    /**
     * A plan with smaller tiles after an allocation failed at run time: three quarters of the tile
     * side, batch 1, not below the minimum. Null when the tiles are already as small as they go.
     */
    public Plan shrink(Plan failed, Request r) {
        if (model.fixedImageSize() != null) {
            return null; // a fixed input has no smaller plan
        }
        int tile = failed.mode() == Plan.Mode.FULL_FRAME
                ? Math.min(r.width(), r.height()) : failed.tile() * 3 / 4;
        tile = Math.max(MIN_TILE, tile / ModelInputSize.PATCH * ModelInputSize.PATCH);
        if (failed.mode() == Plan.Mode.TILED && tile >= failed.tile() && failed.batch() == 1) {
            return null;
        }
        List<String> notes = new ArrayList<>(failed.notes());
        notes.add("re-planned with smaller tiles after an allocation failed");
        return tiles(r, failed.precision(), tile, 1, notes, Plan.Mode.TILED);
    }
}
