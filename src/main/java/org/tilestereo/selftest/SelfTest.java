package org.tilestereo.selftest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.tilestereo.bench.BenchFrame;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.kernels.java.JavaKernels;

/**
 * Every operator of an implementation against the Java reference on one frame's inputs, as the
 * pipeline calls them, with outputs poisoned first so that pixels an implementation leaves
 * unwritten show. Used by {@code tilestereo selftest} on the machine it runs on, and by the GPU
 * tests.
 */
public final class SelfTest {
    /** One comparison: what was checked, and whether it holds (detail: the agreement or the first mismatch). */
    public record Check(String name, boolean passed, String detail) {
        @Override
        public String toString() {
            return (passed ? "ok    " : "FAIL  ") + name + ": " + detail;
        }
    }

    private static final int POISON = 0xA5;

    private final StereoKernels tested;
    private final StereoKernels reference = new JavaKernels();
    private final List<Check> checks = new ArrayList<>();

    private SelfTest(StereoKernels tested) {
        this.tested = tested;
    }

    /** The checks of one w x h frame made from seed. */
    public static List<Check> frame(StereoKernels tested, int w, int h, long seed) {
        SelfTest t = new SelfTest(tested);
        t.run(w, h, seed);
        return List.copyOf(t.checks);
    }

    private void run(int w, int h, long seed) {
        String at = " " + w + "x" + h;
        Random r = new Random(seed);
        RgbImage src = BenchFrame.texture(w, h, r);
        TileGrid grid = TileGrid.of(w, h, 64, 48, 16);
        ModelInput input = ModelInput.imagenet(42, 28);
        float[] tilesRef = new float[grid.count() * input.floatsPerImage()];
        float[] tiles = poisoned(tilesRef.length);
        reference.tileExtract(src, grid, 0, grid.count(), input, tilesRef);
        tested.tileExtract(src, grid, 0, grid.count(), input, tiles);
        add("tile_extract" + at, Agreement.relativeFloats(tilesRef, tiles, 1.0));

        float[] scale = new float[grid.count()];
        float[] shift = new float[grid.count()];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = 1f + 0.01f * i;
            shift[i] = -0.02f * i;
        }
        FloatMap depthRef = new FloatMap(w, h);
        FloatMap depth = new FloatMap(w, h, poisoned(w * h));
        reference.tileBlend(tilesRef, 42, 28, grid, scale, shift, depthRef);
        tested.tileBlend(tilesRef, 42, 28, grid, scale, shift, depth);
        add("tile_blend" + at, Agreement.relativeFloats(depthRef.data(), depth.data(), 1.0));

        float[] range = reference.depthPercentiles(depthRef, 2, 98);
        add("depth_normalize percentiles" + at, Agreement.exactFloats(range, tested.depthPercentiles(depthRef, 2, 98)));
        FloatMap normalizedRef = new FloatMap(w, h);
        FloatMap normalized = new FloatMap(w, h, poisoned(w * h));
        reference.depthNormalize(depthRef, range[0], range[1], normalizedRef);
        tested.depthNormalize(depthRef, range[0], range[1], normalized);
        add("depth_normalize" + at, Agreement.relativeFloats(normalizedRef.data(), normalized.data(), 1.0));

        DisparityParams params = new DisparityParams(3f, 0.4f, 2f);
        FloatMap disparityRef = new FloatMap(w, h);
        FloatMap disparity = new FloatMap(w, h, poisoned(w * h));
        reference.depthToDisparity(normalizedRef, params, disparityRef);
        tested.depthToDisparity(normalizedRef, params, disparity);
        add("depth_to_disparity" + at, Agreement.relativeFloats(disparityRef.data(), disparity.data(), 1.0));

        RgbImage eyeRef = new RgbImage(w, h);
        RgbImage eye = poisoned(w, h);
        FloatMap targetRef = new FloatMap(w, h);
        FloatMap target = new FloatMap(w, h, poisoned(w * h));
        reference.warpForward(src, disparityRef, 0.5f, eyeRef, targetRef);
        tested.warpForward(src, disparityRef, 0.5f, eye, target);
        // The z-buffer's winner is order-free: exact. Colours are float sums in any order: one level.
        add("warp_forward disparity" + at, Agreement.exactFloats(targetRef.data(), target.data()));
        add("warp_forward colours" + at, Agreement.bytes(eyeRef.data(), eye.data(), 1));

        // Both fill the reference's warp, so this compares the fill alone.
        RgbImage filled = eyeRef.copy();
        FloatMap filledTarget = targetRef.copy();
        reference.holeFill(eyeRef, targetRef, src);
        tested.holeFill(filled, filledTarget, src);
        add("hole_fill colours" + at, Agreement.bytes(eyeRef.data(), filled.data(), 0));
        add("hole_fill disparity" + at, Agreement.exactFloats(targetRef.data(), filledTarget.data()));

        RgbImage backRef = new RgbImage(w, h);
        RgbImage back = poisoned(w, h);
        reference.warpBackward(src, disparityRef, -0.5f, backRef);
        tested.warpBackward(src, disparityRef, -0.5f, back);
        add("warp_backward" + at, Agreement.bytes(backRef.data(), back.data(), 1));

        for (Layout layout : Layout.values()) {
            boolean composed = switch (layout) {
                case DEPTH -> false; // the depth layout writes the normalised map
                case SBS, HSBS, TB, HTB, ANAGLYPH, LEFT, RIGHT -> true;
            };
            if (!composed) {
                continue;
            }
            RgbImage outRef = new RgbImage(layout.outputWidth(w), layout.outputHeight(h));
            RgbImage out = poisoned(outRef.width(), outRef.height());
            reference.layoutCompose(eyeRef, backRef, layout, outRef);
            tested.layoutCompose(eyeRef, backRef, layout, out);
            add("layout_compose " + layout.cliName() + at, Agreement.bytes(outRef.data(), out.data(), 1));
        }
    }

    private void add(String name, Agreement a) {
        checks.add(new Check(name, a.holds(), a.holds() ? a.summary() : a.mismatch()));
    }

    private static float[] poisoned(int n) {
        float[] f = new float[n];
        Arrays.fill(f, Float.intBitsToFloat(POISON * 0x01010101));
        return f;
    }

    private static RgbImage poisoned(int w, int h) {
        RgbImage img = new RgbImage(w, h);
        Arrays.fill(img.data(), (byte) POISON);
        return img;
    }
}
