package org.tilestereo.runtime;

import java.util.List;
import java.util.Objects;

/**
 * A TensorRT optimization profile for the image input: every shape between min and max (each
 * dimension on its own) runs; opt is the one TensorRT tunes for. Built from the shapes a plan uses,
 * so the engine covers exactly those: the whole-frame pass and the tiles, each batch from one up.
 */
public record ShapeProfile(InputShape min, InputShape opt, InputShape max) {
    public ShapeProfile {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(opt, "opt");
        Objects.requireNonNull(max, "max");
        if (!min.fitsIn(opt) || !opt.fitsIn(max)) {
            throw new IllegalArgumentException("profile must satisfy min <= opt <= max in every dimension, got "
                    + min + " / " + opt + " / " + max);
        }
    }

    /** A profile of one shape. */
    public static ShapeProfile fixed(InputShape shape) {
        return new ShapeProfile(shape, shape, shape);
    }

    /**
     * The smallest profile covering all the shapes; TensorRT tunes for the first (the plan's main
     * shape). Batches start at one, since the last batch of a frame's tiles may be short.
     */
    public static ShapeProfile covering(List<InputShape> shapes) {
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException("a profile needs at least one shape");
        }
        int minH = Integer.MAX_VALUE, minW = Integer.MAX_VALUE, maxB = 0, maxH = 0, maxW = 0;
        for (InputShape s : shapes) {
            minH = Math.min(minH, s.height());
            minW = Math.min(minW, s.width());
            maxB = Math.max(maxB, s.batch());
            maxH = Math.max(maxH, s.height());
            maxW = Math.max(maxW, s.width());
        }
        return new ShapeProfile(new InputShape(1, minH, minW), shapes.get(0), new InputShape(maxB, maxH, maxW));
    }

    public boolean covers(InputShape s) {
        return min.fitsIn(s) && s.fitsIn(max);
    }

    /** The profile as it goes into cache keys and file names: min/opt/max. */
    public String key() {
        return min + "/" + opt + "/" + max;
    }

    @Override
    public String toString() {
        return "profile min " + min + ", opt " + opt + ", max " + max;
    }
}
