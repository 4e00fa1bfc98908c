package org.tilestereo.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Model input sizes: the short side at the resolution, the long side by the aspect, never past 4:1. */
class ModelInputSizeTest {
    @Test
    void theLongSideFollowsTheAspectUpToFourToOne() {
        assertArrayEquals(new int[] {924, 518}, ModelInputSize.forRegion(3840, 2160, 518, 0, 0));
        assertArrayEquals(new int[] {518, 924}, ModelInputSize.forRegion(2160, 3840, 518, 0, 0));
        assertArrayEquals(new int[] {2072, 518}, ModelInputSize.forRegion(4000, 1000, 518, 0, 0), "exactly 4:1");
        // Thinner strips are squeezed along the long side instead of becoming millions of tokens.
        assertArrayEquals(new int[] {518, 2072}, ModelInputSize.forRegion(1, 5000, 518, 0, 0));
        assertArrayEquals(new int[] {2072, 518}, ModelInputSize.forRegion(5000, 1, 518, 0, 0));
        assertArrayEquals(new int[] {2072, 518}, ModelInputSize.forRegion(1000, 4, 518, 0, 0));
        // A model's own fixed size still wins.
        assertArrayEquals(new int[] {518, 518}, ModelInputSize.forRegion(1, 5000, 518, 518, 518));
    }
}
