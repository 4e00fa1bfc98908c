package org.tilestereo.kernels.java;

import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.Parallel;
import org.tilestereo.kernels.StereoKernels;

/**
 * Java reference of layout (see {@link StereoKernels#layoutCompose}).
 *
 * <p>Half layouts squeeze each eye to {@code half = size / 2} by linear sampling along the squeezed
 * axis only, at {@code s = (j + 0.5f) * scale - 0.5f} with {@code scale = (float) size / half}, the
 * position clamped to the image, {@code a + f * (b - a)} between floor(s) and the next sample, and
 * {@code (int) (v + 0.5f)}. For an even size that is the rounded average of each pair.
 *
 * <p>The anaglyph is red-cyan with Dubois' least-squares matrices. They were fitted to linear
 * intensities, so both eyes are decoded from sRGB (a 256-entry table), mixed with
 * {@code out = L * left + R * right} (left terms summed first, in float), clamped to 0..1 and encoded
 * back to sRGB: {@code v <= 0.0031308 ? 12.92 v : 1.055 v^(1/2.4) - 0.055}, then
 * {@code (int) (e * 255 + 0.5)}. The encoding compares v with the 255 linear values where the
 * rounded code steps up instead of calling pow per channel (seven times faster here); a CUDA port can
 * keep those tables in constant memory, while a powf there may differ by one code at the steps.
 */
public final class LayoutCompose {

    /** Dubois' red-cyan matrix for the left eye, row-major (output R, G, B rows). */
    static final float[] DUBOIS_LEFT = {
            0.456f, 0.500f, 0.176f,
            -0.040f, -0.038f, -0.016f,
            -0.015f, -0.021f, -0.005f};
    /** Dubois' red-cyan matrix for the right eye, row-major. */
    static final float[] DUBOIS_RIGHT = {
            -0.043f, -0.088f, -0.002f,
            0.378f, 0.734f, -0.018f,
            -0.072f, -0.113f, 1.226f};

    /** sRGB 8-bit code to linear light 0..1. */
    private static final float[] SRGB_TO_LINEAR = new float[256];
    /**
     * Entry k (1..255) is the linear value whose sRGB encoding is (k - 0.5) / 255: the least linear
     * value that rounds to code k. Entry 0 is unused.
     */
    private static final float[] SRGB_ROUNDING_BOUNDS = new float[256];

    private static final int BUCKETS = 4096;
    /** The code of the lower end of each of BUCKETS equal steps of linear light. */
    private static final byte[] BUCKET_CODE = new byte[BUCKETS];

    static {
        for (int i = 0; i < 256; i++) {
            SRGB_TO_LINEAR[i] = (float) srgbDecode(i / 255.0);
            SRGB_ROUNDING_BOUNDS[i] = (float) srgbDecode((i - 0.5) / 255.0);
        }
        int code = 0;
        for (int b = 0; b < BUCKETS; b++) {
            float start = (float) b / BUCKETS;
            while (code < 255 && start >= SRGB_ROUNDING_BOUNDS[code + 1]) {
                code++;
            }
            BUCKET_CODE[b] = (byte) code;
        }
    }

    private static double srgbDecode(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private LayoutCompose() {
    }

    public static void apply(RgbImage left, RgbImage right, Layout layout, RgbImage out) {
        if (layout == Layout.DEPTH) {
            throw new IllegalArgumentException("layout depth is a depth map, not an arrangement of eyes; compose needs one of "
                    + "sbs, hsbs, tb, htb, anaglyph, left, right");
        }
        int w = left.width();
        int h = left.height();
        if (right.width() != w || right.height() != h) {
            throw new IllegalArgumentException("layout " + layout.cliName() + ": right eye is " + right.size()
                    + " but left eye is " + left.size() + "; both eyes must be the same size");
        }
        if (layout == Layout.HSBS && w < 2) {
            throw new IllegalArgumentException("layout hsbs needs eyes at least 2 pixels wide, got " + left.size());
        }
        if (layout == Layout.HTB && h < 2) {
            throw new IllegalArgumentException("layout htb needs eyes at least 2 pixels high, got " + left.size());
        }
        int ow = layout.outputWidth(w);
        int oh = layout.outputHeight(h);
        if (out.width() != ow || out.height() != oh) {
            throw new IllegalArgumentException("layout " + layout.cliName() + ": output is " + out.size() + "; expected "
                    + ow + "x" + oh + " for eyes of " + left.size());
        }
        if (out.data() == left.data() || out.data() == right.data()) {
            throw new IllegalArgumentException("layout " + layout.cliName() + " cannot write into one of its input eyes");
        }
        byte[] l = left.data();
        byte[] r = right.data();
        byte[] o = out.data();
        // A switch expression, so a new layout fails to compile until it is composed here.
        Runnable compose = switch (layout) {
            case SBS -> () -> Parallel.forEach(h, y -> {
                System.arraycopy(l, 3 * y * w, o, 3 * y * ow, 3 * w);
                System.arraycopy(r, 3 * y * w, o, 3 * (y * ow + w), 3 * w);
            });
            case TB -> () -> {
                System.arraycopy(l, 0, o, 0, l.length);
                System.arraycopy(r, 0, o, l.length, r.length);
            };
            case HSBS -> () -> Parallel.forEach(h, y -> {
                halfWidthRow(l, w, y, o, ow, 0);
                halfWidthRow(r, w, y, o, ow, ow / 2);
            });
            case HTB -> () -> Parallel.forEach(oh / 2, j -> {
                halfHeightRow(l, w, h, j, o, j);
                halfHeightRow(r, w, h, j, o, oh / 2 + j);
            });
            case ANAGLYPH -> () -> Parallel.forEach(h, y -> anaglyphRow(l, r, o, w, y));
            case LEFT -> () -> System.arraycopy(l, 0, o, 0, l.length);
            case RIGHT -> () -> System.arraycopy(r, 0, o, 0, r.length);
            case DEPTH -> throw new IllegalArgumentException("the depth layout is not composed from eyes");
        };
        compose.run();
    }

    /** Row y of an eye squeezed to half its width, written to out's row y from column x0. */
    private static void halfWidthRow(byte[] eye, int w, int y, byte[] out, int ow, int x0) {
        int half = w / 2;
        float scale = (float) w / (float) half;
        int row = y * w;
        for (int j = 0; j < half; j++) {
            float s = clamp((j + 0.5f) * scale - 0.5f, w - 1);
            int i0 = (int) s;
            float f = s - i0;
            int i1 = i0 + 1 < w ? i0 + 1 : i0;
            int a = 3 * (row + i0);
            int b = 3 * (row + i1);
            int q = 3 * (y * ow + x0 + j);
            for (int c = 0; c < 3; c++) {
                out[q + c] = (byte) lerpToByte(eye[a + c] & 0xff, eye[b + c] & 0xff, f);
            }
        }
    }

    /** Output row j of an eye squeezed to half its height, written to out's row outRow. */
    private static void halfHeightRow(byte[] eye, int w, int h, int j, byte[] out, int outRow) {
        int half = h / 2;
        float scale = (float) h / (float) half;
        float s = clamp((j + 0.5f) * scale - 0.5f, h - 1);
        int r0 = (int) s;
        float f = s - r0;
        int r1 = r0 + 1 < h ? r0 + 1 : r0;
        int a = 3 * r0 * w;
        int b = 3 * r1 * w;
        int q = 3 * outRow * w;
        for (int k = 0; k < 3 * w; k++) {
            out[q + k] = (byte) lerpToByte(eye[a + k] & 0xff, eye[b + k] & 0xff, f);
        }
    }

    private static void anaglyphRow(byte[] l, byte[] r, byte[] o, int w, int y) {
        float[] lm = DUBOIS_LEFT;
        float[] rm = DUBOIS_RIGHT;
        for (int x = 0; x < w; x++) {
            int p = 3 * (y * w + x);
            float lr = SRGB_TO_LINEAR[l[p] & 0xff];
            float lg = SRGB_TO_LINEAR[l[p + 1] & 0xff];
            float lb = SRGB_TO_LINEAR[l[p + 2] & 0xff];
            float rr = SRGB_TO_LINEAR[r[p] & 0xff];
            float rg = SRGB_TO_LINEAR[r[p + 1] & 0xff];
            float rb = SRGB_TO_LINEAR[r[p + 2] & 0xff];
            for (int c = 0; c < 3; c++) {
                int k = 3 * c;
                float v = lm[k] * lr + lm[k + 1] * lg + lm[k + 2] * lb
                        + rm[k] * rr + rm[k + 1] * rg + rm[k + 2] * rb;
                o[p + c] = (byte) linearToSrgbByte(v);
            }
        }
    }

    /**
     * Linear light to an 8-bit sRGB code, clamping to 0..1 first: the largest code whose rounding
     * bound v reaches, which is encode-then-round without a pow per pixel. A coarse table gives the
     * code at the start of v's bucket; the steepest part of the curve climbs less than one code per
     * bucket, so at most one step up remains.
     */
    static int linearToSrgbByte(float v) {
        if (!(v > 0f)) {
            return 0;
        }
        if (v >= 1f) {
            return 255;
        }
        int code = BUCKET_CODE[(int) (v * BUCKETS)] & 0xff;
        while (code < 255 && v >= SRGB_ROUNDING_BOUNDS[code + 1]) {
            code++;
        }
        return code;
    }

    static float srgbToLinear(int code) {
        return SRGB_TO_LINEAR[code];
    }

    /**
     * The anaglyph's tables for the CUDA twin, so both read the same floats: entries 0..255 decode
     * code c to linear light, entries 256 + c (c >= 1) are the least linear value that encodes to c.
     */
    public static float[] srgbTables() {
        float[] t = new float[512];
        System.arraycopy(SRGB_TO_LINEAR, 0, t, 0, 256);
        System.arraycopy(SRGB_ROUNDING_BOUNDS, 0, t, 256, 256);
        return t;
    }

    private static float clamp(float s, int max) {
        return s < 0f ? 0f : (s > max ? max : s);
    }

    private static int lerpToByte(int a, int b, float f) {
        int v = (int) (a + f * (b - a) + 0.5f);
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }
}
