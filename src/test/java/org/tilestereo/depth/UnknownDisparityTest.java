package org.tilestereo.depth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tilestereo.image.FloatMap;

class UnknownDisparityTest {

    private static FloatMap rows(int w, float... values) {
        return new FloatMap(w, values.length / w, values.clone());
    }

    @Test
    void innerRunTakesTheSmallerNeighbour() {
        FloatMap m = rows(6, 9, 5, 0, 0, 12, 12);
        assertEquals(2, UnknownDisparity.fill(m));
        assertArrayEquals(new float[]{9, 5, 5, 5, 12, 12}, m.data());

        FloatMap n = rows(5, 30, 0, 0, 0, 20);
        assertEquals(3, UnknownDisparity.fill(n));
        assertArrayEquals(new float[]{30, 20, 20, 20, 20}, n.data());
    }

    @Test
    void runsAtTheRowEndsTakeTheOnlyNeighbour() {
        FloatMap m = rows(6, 0, 0, 7, 8, 0, 0);
        assertEquals(4, UnknownDisparity.fill(m));
        assertArrayEquals(new float[]{7, 7, 7, 8, 8, 8}, m.data());
    }

    @Test
    void rowsAreIndependentAndAnAllUnknownRowStaysZero() {
        FloatMap m = rows(4,
                0, 0, 0, 0,
                4, 0, 0, 3,
                0, 6, 0, 2);
        assertEquals(4, UnknownDisparity.fill(m));
        assertArrayEquals(new float[]{0, 0, 0, 0, 4, 3, 3, 3, 6, 6, 2, 2}, m.data());
    }

    @Test
    void aMapWithoutUnknownsIsUntouched() {
        FloatMap m = rows(3, 1.5f, -2f, 40f, 7f, 7f, 7f);
        assertEquals(0, UnknownDisparity.fill(m));
        assertArrayEquals(new float[]{1.5f, -2f, 40f, 7f, 7f, 7f}, m.data());
    }
}
