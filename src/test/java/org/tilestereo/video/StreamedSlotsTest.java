package org.tilestereo.video;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.tilestereo.cuda.CudaFrameOperators;
import org.tilestereo.cuda.DepthNormalizeGpu;
import org.tilestereo.cuda.LayoutComposeGpu;
import org.tilestereo.kernels.DisparityParams;
import org.tilestereo.kernels.Layout;
import org.tilestereo.memory.Arena;
import org.tilestereo.memory.Bytes;
import org.tilestereo.pipeline.Eyes;
import org.tilestereo.pipeline.StereoSettings;
import org.tilestereo.pipeline.WarpMode;

/** The streamed slots' sizing, without a GPU: what one slot holds for each kind of run, and how many fit the card and the budget. */
class StreamedSlotsTest {
    private static final int W = 1920, H = 1080;
    private static final long N = (long) W * H;

    private static long a(long bytes) {
        return bytes == 0 ? 0 : Arena.aligned(bytes);
    }

    @Test
    void aFullSideBySideSlotHoldsTheFrameItsMapsBothEyesTheWarpScratchAndTheComposedFrame() {
        StreamedSlots.Sizes z = StreamedSlots.sizes(W, H, StereoSettings.defaults(), true, CudaFrameOperators.SIZES, null, 0);
        long expected = a(3 * N) + a(4 * N) + a(DepthNormalizeGpu.STATS_BYTES) + a(4 * N) // frame, depth, histogram, disparity
                + 2 * a(3 * N) // both eyes (the input is the centre view)
                + a(4 * N) + a(8 * N) + a(16 * N) + a(4 * N) // target disparity, z-buffer + accumulators, hole fill
                + a(6 * N); // side by side
        assertEquals(expected, z.devicePerSlot());
        assertEquals(a(3 * N) + a(4 * N) + a(DepthNormalizeGpu.STATS_BYTES) + a(6 * N) + a(4 * N), z.pinnedPerSlot(),
                "pinned: frame, depth, histogram, result, disparity");
        assertEquals(3 * expected, z.device(3), "no tables outside the anaglyph");
        System.out.printf("1080p sbs slot: %s on the device, %s pinned%n", Bytes.format(z.devicePerSlot()),
                Bytes.format(z.pinnedPerSlot()));
    }

    @Test
    void whatASlotLeavesOutFollowsTheSettings() {
        // --eyes right --layout left: the left eye is the input, nothing is warped, the result is that eye.
        StreamedSlots.Sizes left = StreamedSlots.sizes(W, H,
                new StereoSettings(DisparityParams.DEFAULT, Eyes.RIGHT, Layout.LEFT, WarpMode.FORWARD), false, CudaFrameOperators.SIZES, null, 0);
        assertEquals(0, left.program().leftEye() + left.program().rightEye() + left.program().targetDisparity() + left.program().warpWorkspace() + left.program().fillWorkspace());
        assertEquals(0, left.program().output(), "no composed frame");
        assertEquals(3 * N, left.program().pinnedOutput(), "the eye comes back");
        assertEquals(0, left.program().pinnedDisparity(), "disparity stays on the device unless asked for");

        // The backward warp needs neither z-buffer nor hole fill; the half layouts are one frame wide.
        StreamedSlots.Sizes back = StreamedSlots.sizes(W, H,
                new StereoSettings(DisparityParams.DEFAULT, Eyes.RIGHT, Layout.HSBS, WarpMode.BACKWARD), false, CudaFrameOperators.SIZES, null, 0);
        assertEquals(0, back.program().warpWorkspace() + back.program().fillWorkspace() + back.program().targetDisparity() + back.program().leftEye());
        assertEquals(3 * N, back.program().rightEye());
        assertEquals(3 * N, back.program().output());

        StreamedSlots.Sizes anaglyph = StreamedSlots.sizes(W, H,
                new StereoSettings(DisparityParams.DEFAULT, Eyes.BOTH, Layout.ANAGLYPH, WarpMode.FORWARD), false, CudaFrameOperators.SIZES, null, 0);
        assertEquals(LayoutComposeGpu.SRGB_TABLE_BYTES, anaglyph.tables());
        assertEquals(2 * anaglyph.devicePerSlot() + a(LayoutComposeGpu.SRGB_TABLE_BYTES), anaglyph.device(2), "tables once, shared");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamedSlots.sizes(W, H,
                new StereoSettings(DisparityParams.DEFAULT, Eyes.BOTH, Layout.DEPTH, WarpMode.FORWARD), false, CudaFrameOperators.SIZES, null, 0));
        assertTrue(e.getMessage().contains("depth layout"), e.getMessage());
    }

    @Test
    void asManySlotsAsFitInTheFreeMemoryLessTheHeadroom() {
        StreamedSlots.Sizes z = StreamedSlots.sizes(3840, 2160, StereoSettings.defaults(), false, CudaFrameOperators.SIZES, null, 0);
        long slot = z.devicePerSlot();
        long none = Long.MAX_VALUE;
        assertEquals(3, StreamedSlots.fitting(z, 8 * Bytes.GiB, none, 3), "an 8 GB card's free memory holds three 4K slots");
        assertEquals(2, StreamedSlots.fitting(z, StreamedSlots.HEADROOM + 2 * slot + slot / 2, none, 3));
        assertEquals(1, StreamedSlots.fitting(z, StreamedSlots.HEADROOM + slot, none, 3));
        assertEquals(0, StreamedSlots.fitting(z, StreamedSlots.HEADROOM / 2, none, 3), "less than the headroom: none");
        assertEquals(2, StreamedSlots.fitting(z, 80 * Bytes.GiB, none, 2), "never more than asked for");
        // --vram-budget on a big card: what the budget leaves after the model's plan bounds the slots.
        assertEquals(2, StreamedSlots.fitting(z, 80 * Bytes.GiB, 2 * slot + 1, 3), "the budget's remainder, not the card's");
        assertEquals(0, StreamedSlots.fitting(z, 80 * Bytes.GiB, 0, 3), "a plan that used the whole budget leaves none");
    }
}
