package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.java.LayoutCompose;
import org.tilestereo.memory.Arena;

class LayoutComposeGpuTest {
    private boolean usedGpu;

    @AfterEach
    void noCudaErrorPending() {
        if (usedGpu) Gpu.assertNoErrorPending();
    }

    /** Copies are selections: exact. Squeezes and the anaglyph round like the reference: within one level. */
    @Test
    void everyLayoutMatchesTheJavaReference() {
        Gpu.require();
        usedGpu = true;
        try (GpuFixture f = new GpuFixture(32L << 20)) {
            for (int[] size : Inputs.SIZES) {
                int w = size[0], h = size[1];
                RgbImage left = Inputs.rgb(w, h, 41L * w + h);
                RgbImage right = Inputs.rgb(w, h, 43L * w + h);
                for (Layout layout : Layout.values()) {
                    if (layout == Layout.DEPTH || (layout == Layout.HSBS && w < 2) || (layout == Layout.HTB && h < 2)) {
                        continue;
                    }
                    int ow = layout.outputWidth(w), oh = layout.outputHeight(h);
                    RgbImage expected = new RgbImage(ow, oh);
                    LayoutCompose.apply(left, right, layout, expected);
                    try (Arena.Scope s = f.scope()) {
                        DeviceBuffer dl = f.upload(left.data(), "left");
                        DeviceBuffer dr = f.upload(right.data(), "right");
                        DeviceBuffer tables = layout == Layout.ANAGLYPH ? f.upload(LayoutComposeGpu.srgbTables(), "tables") : null;
                        DeviceBuffer out = f.poisoned(3L * ow * oh, GpuFixture.POISON, "out");
                        LayoutComposeGpu.launch(f.stream, dl, dr, w, h, layout, out, tables);
                        byte[] actual = f.bytes(out, 3 * ow * oh);
                        String what = "layout_compose " + layout.cliName() + " " + w + "x" + h;
                        boolean selection = layout == Layout.SBS || layout == Layout.TB || layout == Layout.LEFT
                                || layout == Layout.RIGHT;
                        Compare.withinBytes(what, expected.data(), actual, selection ? 0 : 1);
                    }
                }
            }
        }
    }

    @Test
    void layoutCodesAreTheJavaOrdinals() {
        for (Layout l : Layout.values()) {
            if (l != Layout.DEPTH) {
                assertEquals(l.ordinal(), LayoutComposeGpu.code(l), l.name());
            }
        }
    }

    @Test
    void rejectsInvalidArgumentsBeforeTouchingCuda() {
        Gpu.requireLibrary();
        String op = "ts_layout_compose";
        FakePointers.expectInvalid(op, "layout is 7, expected a ts_layout (0..6)", TileStereoNative.ts_layout_compose(0,
                FakePointers.A, FakePointers.B, FakePointers.C, 37, 23, 7, 0));
        FakePointers.expectInvalid(op, "layout hsbs needs eyes at least 2 pixels wide, got 1x23",
                TileStereoNative.ts_layout_compose(0, FakePointers.A, FakePointers.B, FakePointers.C, 1, 23,
                        TileStereoNative.TS_LAYOUT_HSBS, 0));
        FakePointers.expectInvalid(op, "srgb_tables is a null pointer", TileStereoNative.ts_layout_compose(0,
                FakePointers.A, FakePointers.B, FakePointers.C, 37, 23, TileStereoNative.TS_LAYOUT_ANAGLYPH, 0));
        FakePointers.expectInvalid(op, "right (0x2000000000, 2553 bytes) and out (0x2000000100, 5106 bytes) overlap",
                TileStereoNative.ts_layout_compose(0, FakePointers.A, FakePointers.B, FakePointers.B + 256, 37, 23,
                        TileStereoNative.TS_LAYOUT_SBS, 0));
        if (FakePointers.noDevice()) {
            FakePointers.expectLaunchFailure("launch_layout_compose", TileStereoNative.ts_layout_compose(0,
                    FakePointers.A, FakePointers.B, FakePointers.C, 37, 23, TileStereoNative.TS_LAYOUT_ANAGLYPH, FakePointers.D));
        }
    }
}
