package org.tilestereo.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Profiles cover the plan's shapes, from batch one; fixed model dimensions narrow them. */
class ShapeProfileTest {

    @Test
    void coveringTheShapesOfAPlan() {
        InputShape tiles = new InputShape(4, 518, 518);
        InputShape whole = new InputShape(1, 294, 518);
        ShapeProfile p = ShapeProfile.covering(List.of(tiles, whole));
        assertEquals(new InputShape(1, 294, 518), p.min());
        assertEquals(tiles, p.opt(), "tuned for the first (main) shape");
        assertEquals(new InputShape(4, 518, 518), p.max());
        assertTrue(p.covers(new InputShape(3, 518, 518)), "a short last batch of tiles");
        assertTrue(p.covers(whole));
        assertFalse(p.covers(new InputShape(5, 518, 518)));
        assertFalse(p.covers(new InputShape(1, 280, 518)));
        assertEquals("1x3x294x518/4x3x518x518/4x3x518x518", p.key());
    }

    @Test
    void badProfilesAreRefused() {
        InputShape a = new InputShape(1, 100, 100), b = new InputShape(2, 50, 200);
        assertThrows(IllegalArgumentException.class, () -> new ShapeProfile(a, b, b));
        assertThrows(IllegalArgumentException.class, () -> ShapeProfile.covering(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new InputShape(0, 1, 1));
        assertEquals(ShapeProfile.fixed(a), new ShapeProfile(a, a, a));
    }

    @Test
    void fixedModelDimensionsWin() {
        ModelFacts facts = new ModelFacts("image", new int[] {1, 518, 518}, "depth", new float[3], new float[] {1, 1, 1}, false);
        ShapeProfile p = facts.constrain(ShapeProfile.covering(List.of(new InputShape(4, 294, 518), new InputShape(1, 140, 140))));
        assertEquals(ShapeProfile.fixed(new InputShape(1, 518, 518)), p);
        ModelFacts free = new ModelFacts("image", new int[] {0, 0, 0}, "depth", new float[3], new float[] {1, 1, 1}, false);
        ShapeProfile q = ShapeProfile.covering(List.of(new InputShape(4, 294, 518)));
        assertEquals(q, free.constrain(q));
    }
}
