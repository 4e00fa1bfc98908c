package org.tilestereo.cuda;

import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.java.LayoutCompose;

/**
 * Operator layout_compose on the GPU (cuda/layout_compose.cu), the twin of {@link LayoutCompose}.
 */
public final class LayoutComposeGpu {
    static final String OP = "layout_compose";
    /** Bytes of the anaglyph's sRGB tables ({@link #srgbTables()}). */
    public static final long SRGB_TABLE_BYTES = TileStereoNative.TS_SRGB_TABLE_FLOATS * (long) Float.BYTES;

    private LayoutComposeGpu() {
    }

    /** The reference's own tables, for upload to a device buffer of SRGB_TABLE_BYTES. */
    public static float[] srgbTables() {
        return LayoutCompose.srgbTables();
    }

    /**
     * Queues the arrangement of left and right (width x height 8-bit RGB each) into out, sized by
     * {@link Layout#outputWidth}/{@link Layout#outputHeight}. srgbTables is read by
     * {@link Layout#ANAGLYPH} only and may be null otherwise.
     */
    public static void launch(CudaStream stream, DeviceBuffer left, DeviceBuffer right, int width, int height,
                              Layout layout, DeviceBuffer out, DeviceBuffer srgbTables) {
        int code = code(layout);
        long eye = 3L * Math.max(0, width) * Math.max(0, height);
        left.require(OP, eye);
        right.require(OP, eye);
        out.require(OP, 3L * layout.outputWidth(Math.max(0, width)) * layout.outputHeight(Math.max(0, height)));
        if (layout == Layout.ANAGLYPH) {
            if (srgbTables == null) {
                throw new IllegalArgumentException(OP + ": the anaglyph needs the sRGB tables");
            }
            srgbTables.require(OP, SRGB_TABLE_BYTES);
        }
        NativeLibrary.require();
        CudaException.checkNative(TileStereoNative.ts_layout_compose(stream.address(), left.address(), right.address(),
                out.address(), width, height, code, DeviceBuffer.addressOf(srgbTables)), "ts_layout_compose");
    }

    /** The C API's ts_layout value of a layout. */
    static int code(Layout layout) {
        return switch (layout) {
            case SBS -> TileStereoNative.TS_LAYOUT_SBS;
            case HSBS -> TileStereoNative.TS_LAYOUT_HSBS;
            case TB -> TileStereoNative.TS_LAYOUT_TB;
            case HTB -> TileStereoNative.TS_LAYOUT_HTB;
            case ANAGLYPH -> TileStereoNative.TS_LAYOUT_ANAGLYPH;
            case LEFT -> TileStereoNative.TS_LAYOUT_LEFT;
            case RIGHT -> TileStereoNative.TS_LAYOUT_RIGHT;
            case DEPTH -> throw new IllegalArgumentException("layout depth is a depth map, not an arrangement of eyes; "
                    + "compose needs one of sbs, hsbs, tb, htb, anaglyph, left, right");
        };
    }
}
