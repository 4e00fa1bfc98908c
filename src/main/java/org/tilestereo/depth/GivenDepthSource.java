package org.tilestereo.depth;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.io.ImageFiles;
import org.tilestereo.io.InputException;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.kernels.java.TileBlend;

/**
 * A depth map given with the input (RGB-D): read once, divided by the scale, and brought to the
 * frame's size. A map of another size but the same aspect ratio (within 1%) is resampled bilinearly,
 * disparities scaled with the width, and a note says so; another aspect ratio is refused, since
 * stretching depth over a different picture would misplace every edge.
 */
public final class GivenDepthSource implements DepthSource {
    private final Path file;
    private final DepthKind kind;
    private final float scale;
    private final PrintStream notes;
    private FloatMap raw;
    private DepthMap atFrameSize;

    public GivenDepthSource(Path file, DepthKind kind, float scale, PrintStream notes) {
        if (!(scale > 0f) || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("depth scale must be a positive number, got " + scale);
        }
        this.file = file;
        this.kind = kind;
        this.scale = scale;
        this.notes = notes;
    }

    @Override
    public String describe() {
        return "given " + kind.name().toLowerCase(Locale.ROOT) + " depth map " + file
                + (scale != 1f ? " / " + scale : "");
    }

    /** Reads and checks the file now, so a bad depth map fails before any other work. */
    public void load() throws DepthException {
        if (raw != null) {
            return;
        }
        FloatMap m;
        try {
            m = ImageFiles.readDepth(file);
        } catch (InputException e) {
            throw new DepthException(e.getMessage(), e);
        }
        float[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            d[i] /= scale;
        }
        if (kind == DepthKind.DISPARITY) {
            int filled = UnknownDisparity.fill(m);
            if (filled > 0) {
                notes.printf(Locale.ROOT, "note: %s: %d pixels of disparity 0 (unknown) filled from the background side%n",
                        file, filled);
            }
        }
        String warning = meaningless(d, kind, m.width(), scale);
        if (warning != null) {
            notes.println("warning: " + file + ": " + warning);
        }
        raw = m;
    }

    /**
     * Why a map (divided by its scale) would give two eyes that are the same picture or nothing
     * sensible, with the likely fix; null when it looks usable. Not an error: the user may mean it.
     */
    static String meaningless(float[] d, DepthKind kind, int width, float scale) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : d) {
            if (!Float.isFinite(v)) {
                return "it has values that are not numbers or infinite after dividing by --depth-scale " + scale
                        + "; give a smaller scale";
            }
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (d.length == 0 || lo == hi) {
            return "every pixel has the same value (" + lo + "): there is no depth in it, so the two eyes will be"
                    + " the same picture";
        }
        return switch (kind) {
            case INVERSE, METRIC -> null;  // normalised per frame: any spread is used
            case DISPARITY -> hi - lo < 0.5f
                    ? String.format(Locale.ROOT, "its disparities span %.3g px (under half a pixel) after --depth-scale %s:"
                            + " the eyes will be nearly the same; the scale is probably too large", hi - lo, scale)
                    : Math.max(Math.abs(lo), Math.abs(hi)) > width
                    ? String.format(Locale.ROOT, "its disparities reach %.0f px, more than the image is wide (%d px), after"
                            + " --depth-scale %s; 16-bit disparity maps are usually stored times 256 (--depth-scale 256)",
                            Math.max(Math.abs(lo), Math.abs(hi)), width, scale)
                    : null;
        };
    }

    @Override
    public DepthMap depthOf(RgbImage frame) throws DepthException {
        load();
        int fw = frame.width(), fh = frame.height();
        if (atFrameSize != null && atFrameSize.values().width() == fw && atFrameSize.values().height() == fh) {
            return atFrameSize;
        }
        FloatMap values;
        if (raw.width() == fw && raw.height() == fh) {
            values = raw;
        } else {
            double aspectFrame = (double) fw / fh, aspectDepth = (double) raw.width() / raw.height();
            if (Math.abs(aspectFrame / aspectDepth - 1) > 0.01) {
                throw new DepthException(file + ": depth map is " + raw.size() + " but the image is " + fw + "x" + fh
                        + "; aspect ratios differ, so it cannot be resampled");
            }
            values = new FloatMap(fw, fh);
            TileBlend.apply(raw.data(), raw.width(), raw.height(), TileGrid.whole(fw, fh), null, null, values);
            if (kind == DepthKind.DISPARITY) {
                float ratio = (float) fw / raw.width();
                float[] v = values.data();
                for (int i = 0; i < v.length; i++) v[i] *= ratio;
            }
            notes.printf(Locale.ROOT, "note: %s: depth map %s resampled to the image's %dx%d%s%n", file, raw.size(), fw, fh,
                    kind == DepthKind.DISPARITY ? String.format(Locale.ROOT, " (disparities scaled by %.4f)", (float) fw / raw.width()) : "");
        }
        atFrameSize = new DepthMap(values, kind);
        return atFrameSize;
    }
}
