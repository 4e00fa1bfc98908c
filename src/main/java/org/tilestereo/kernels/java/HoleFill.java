package org.tilestereo.kernels.java;

import java.util.Arrays;

import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.Parallel;
import org.tilestereo.kernels.StereoKernels;

/**
 * Java reference of hole_fill (see {@link StereoKernels#holeFill}).
 *
 * <p>A disocclusion is a stretch of background that the near object hid in the source view, so each
 * run of holes copies its farther neighbour (smaller disparity) rather than the nearer one: copying
 * the foreground would smear the object's edge into the gap. When both neighbours are equally far
 * the left one is taken. Only valid pixels are read as neighbours and only holes are written, so the
 * result does not depend on the order the runs are filled in.
 *
 * <p>A row with no valid pixel has nothing to fill from: it takes src's row and disparity 0, the
 * unwarped view at the screen plane.
 */
public final class HoleFill {

    private HoleFill() {
    }

    public static void apply(RgbImage img, FloatMap targetDisparity, RgbImage src) {
        int w = img.width();
        int h = img.height();
        if (targetDisparity.width() != w || targetDisparity.height() != h) {
            throw new IllegalArgumentException("hole fill: target disparity is " + targetDisparity.size()
                    + "; expected " + img.size() + " like the warped image");
        }
        if (src.width() != w || src.height() != h) {
            throw new IllegalArgumentException("hole fill: source image is " + src.size()
                    + "; expected " + img.size() + " like the warped image");
        }
        Parallel.forEach(h, y -> fillRow(img.data(), targetDisparity.data(), src.data(), w, y));
    }

    private static void fillRow(byte[] img, float[] disp, byte[] src, int w, int y) {
        int row = y * w;
        int x = 0;
        boolean anyValid = false;
        while (x < w) {
            if (!Float.isNaN(disp[row + x])) {
                anyValid = true;
                x++;
                continue;
            }
            int start = x;
            while (x < w && Float.isNaN(disp[row + x])) {
                x++;
            }
            int left = start - 1;
            int right = x < w ? x : -1;
            int from;
            if (left < 0 && right < 0) {
                break; // the whole row is a hole
            } else if (left < 0) {
                from = right;
            } else if (right < 0) {
                from = left;
            } else {
                from = disp[row + right] < disp[row + left] ? right : left;
            }
            copyRun(img, disp, row, from, start, x);
            anyValid = true;
        }
        if (!anyValid) {
            System.arraycopy(src, 3 * row, img, 3 * row, 3 * w);
            Arrays.fill(disp, row, row + w, 0f);
        }
    }

    private static void copyRun(byte[] img, float[] disp, int row, int from, int start, int end) {
        int p = 3 * (row + from);
        byte r = img[p];
        byte g = img[p + 1];
        byte b = img[p + 2];
        float d = disp[row + from];
        for (int i = start; i < end; i++) {
            int q = 3 * (row + i);
            img[q] = r;
            img[q + 1] = g;
            img[q + 2] = b;
            disp[row + i] = d;
        }
    }
}
