package org.tilestereo.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tilestereo.memory.Bytes;

/**
 * What the planner decided for a run, and why: the memory table (each line a part of what the run
 * holds on the device) against the budget, and the decision — the whole frame, or tiles of a size,
 * overlap, grid and batch — at a precision, with the one model that stays resident.
 */
public record Plan(String model, int width, int height, Mode mode, Precision precision, int tile, int overlap,
                   int cols, int rows, int batch, int modelWidth, int modelHeight, List<Line> lines, long total,
                   long budget, String budgetSource, long attentionBytes, List<String> notes) {

    public enum Mode { FULL_FRAME, TILED, DOES_NOT_FIT }

    /** One line of the memory table; counted lines add up to the total, others explain a line above. */
    public record Line(String label, long bytes, boolean counted) {
    }

    public boolean fits() {
        return mode != Mode.DOES_NOT_FIT;
    }

    /**
     * The model runs one frame takes, in order, as {batch, height, width}: the whole frame; or the
     * tile batches (the last one smaller where the batch does not divide the tiles) and then the
     * whole-frame pass the tiles are aligned to.
     */
    public List<int[]> frameRuns() {
        return tile == 0
                ? List.of(new int[] {Math.max(1, batch), modelHeight, modelWidth})
                : tileRuns(cols * rows, batch, tile, modelWidth, modelHeight);
    }

    /** A frame's tile batches and then its whole-frame pass at lowWidth x lowHeight. */
    static List<int[]> tileRuns(int tiles, int batch, int tile, int lowWidth, int lowHeight) {
        List<int[]> runs = new ArrayList<>();
        int b = Math.max(1, batch);
        runs.add(new int[] {Math.min(b, tiles), tile, tile});
        if (tiles > b && tiles % b != 0) {
            runs.add(new int[] {tiles % b, tile, tile});
        }
        runs.add(new int[] {1, lowHeight, lowWidth});
        return runs;
    }

    /** The line's bytes, by label prefix; 0 when absent. */
    public long bytesOf(String labelPrefix) {
        for (Line l : lines) {
            if (l.label().startsWith(labelPrefix)) return l.bytes();
        }
        return 0;
    }

    /**
     * What the run's one device pool must hold: activations, workspace and pipeline buffers; the CUDA
     * context and the weights belong to the driver and the runtime.
     */
    public long poolBytes() {
        return bytesOf("activations") + bytesOf("engine workspace") + bytesOf("I/O and pipeline buffers");
    }

    public String decision() {
        return switch (mode) {
            case FULL_FRAME -> String.format(Locale.ROOT, "full frame: the model runs at %dx%d, %s",
                    modelWidth, modelHeight, precision.name().toLowerCase(Locale.ROOT));
            case TILED -> String.format(Locale.ROOT, "tiles: %dx%d px, overlap %d, grid %dx%d (%d tiles), batch %d, %s,"
                            + " aligned to a whole-frame pass at %dx%d",
                    tile, tile, overlap, cols, rows, cols * rows, batch, precision.name().toLowerCase(Locale.ROOT),
                    modelWidth, modelHeight);
            case DOES_NOT_FIT -> String.format(Locale.ROOT, "does not fit: the smallest plan needs %s, %s more than the budget",
                    Bytes.format(total), Bytes.format(total - budget));
        };
    }

    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "plan for %s at %dx%d, budget %s (%s)%n", model, width, height,
                Bytes.format(budget), budgetSource));
        for (Line l : lines) {
            b.append(String.format(Locale.ROOT, "  %-46s %12s%n", (l.counted() ? "" : "  ") + l.label(), Bytes.format(l.bytes())));
        }
        b.append(String.format(Locale.ROOT, "  %-46s %12s%n", "total", Bytes.format(total)));
        b.append(String.format(Locale.ROOT, "  %-46s %12s  (%.0f%% used)%n", "budget", Bytes.format(budget), 100.0 * total / budget));
        b.append("decision: ").append(decision()).append(System.lineSeparator());
        b.append("resident: ").append(model).append(" (one model; the whole-frame pass and the tiles share it)")
                .append(System.lineSeparator());
        for (String n : notes) {
            b.append("note: ").append(n).append(System.lineSeparator());
        }
        return b.toString();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("width", width);
        m.put("height", height);
        m.put("budget_bytes", budget);
        m.put("budget_source", budgetSource);
        List<Object> table = new ArrayList<>();
        for (Line l : lines) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("label", l.label());
            row.put("bytes", l.bytes());
            row.put("counted", l.counted());
            table.add(row);
        }
        m.put("memory", table);
        m.put("total_bytes", total);
        m.put("fits", fits());
        m.put("mode", mode.name().toLowerCase(Locale.ROOT));
        m.put("precision", precision.name().toLowerCase(Locale.ROOT));
        m.put("model_input", List.of(modelWidth, modelHeight));
        if (mode == Mode.TILED) {
            m.put("tile", tile);
            m.put("overlap", overlap);
            m.put("grid", List.of(cols, rows));
            m.put("batch", batch);
        }
        m.put("pool_bytes", poolBytes());
        m.put("attention_bytes_largest_layer", attentionBytes);
        m.put("resident_models", List.of(model));
        m.put("decision", decision());
        m.put("notes", notes);
        return m;
    }
}
