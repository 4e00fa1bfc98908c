package org.tilestereo.plan;

import java.util.Arrays;

/** Arithmetic on concrete tensor shapes and the index maps that fold small tensors. */
final class Shapes {
    private Shapes() {
    }

    static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    static String str(long[] shape) {
        return Arrays.toString(shape);
    }

    /** Multidirectional (numpy) broadcasting; a mismatch is an IllegalArgumentException. */
    static long[] broadcast(long[]... shapes) {
        int rank = 0;
        for (long[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        long[] out = new long[rank];
        Arrays.fill(out, 1);
        for (long[] s : shapes) {
            int off = rank - s.length;
            for (int i = 0; i < s.length; i++) {
                long d = s[i];
                long o = out[off + i];
                if (d == o || d == 1) {
                    continue;
                }
                if (o == 1) {
                    out[off + i] = d;
                } else {
                    StringBuilder all = new StringBuilder();
                    for (long[] x : shapes) {
                        all.append(all.length() == 0 ? "" : " and ").append(Arrays.toString(x));
                    }
                    throw new IllegalArgumentException("shapes " + all + " do not broadcast (axis " + (off + i) + ": "
                            + o + " vs " + d + ")");
                }
            }
        }
        return out;
    }

    /** Normalises an axis in [-rank, rank) to [0, rank). */
    static int axis(long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** For each element of a tensor of shape {@code out}, the flat index of its source in a tensor of shape {@code in} broadcast to it. */
    static int[] broadcastMap(long[] in, long[] out) {
        int n = Math.toIntExact(count(out));
        int r = out.length;
        int off = r - in.length;
        long[] inStride = new long[r];
        long s = 1;
        for (int d = in.length - 1; d >= 0; d--) {
            inStride[d + off] = in[d] == 1 ? 0 : s;
            s *= in[d];
        }
        int[] map = new int[n];
        long[] idx = new long[r];
        for (int k = 0; k < n; k++) {
            long src = 0;
            for (int d = 0; d < r; d++) {
                src += idx[d] * inStride[d];
            }
            map[k] = (int) src;
            increment(idx, out);
        }
        return map;
    }

    /** Row-major successor of a multi-index. */
    static void increment(long[] idx, long[] shape) {
        for (int d = shape.length - 1; d >= 0; d--) {
            if (++idx[d] < shape[d]) {
                return;
            }
            idx[d] = 0;
        }
    }

    static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static long[] range(long[] shape, int from, int to) {
        return Arrays.copyOfRange(shape, from, to);
    }
}
