package org.tilestereo.kernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;

/**
 * {@link FrameOperators} on host memory, each call run at once by an operator set with the
 * host-array interface: the Java reference (buffers and operators in the JVM), or a backend that
 * moves each call's data itself. Statistics are the two percentiles themselves.
 */
public final class HostFrameOperators implements FrameOperators<HostFrameOperators.Buffer> {

    /**
     * A host buffer: bytes (images, scratch) or floats (maps, tensors), with the size it was made
     * for; a slice is a window [offset, offset + length) of another buffer's array (in its elements).
     */
    public static final class Buffer {
        final int width, height;
        final byte[] bytes;
        final float[] floats;
        final int offset, length;

        private Buffer(int width, int height, byte[] bytes, float[] floats) {
            this(width, height, bytes, floats, 0, bytes != null ? bytes.length : floats.length);
        }

        private Buffer(int width, int height, byte[] bytes, float[] floats, int offset, int length) {
            this.width = width;
            this.height = height;
            this.bytes = bytes;
            this.floats = floats;
            this.offset = offset;
            this.length = length;
        }

        /** This buffer, which an operator takes whole: a slice is an error here. */
        private Buffer whole(String op) {
            if (offset != 0 || length != (bytes != null ? bytes.length : floats.length)) {
                throw new IllegalArgumentException(op + " takes whole buffers, not a slice");
            }
            return this;
        }

        RgbImage image() {
            return new RgbImage(width, height, whole("an image operator").bytes);
        }

        FloatMap map() {
            return new FloatMap(width, height, whole("a map operator").floats);
        }

        float[] array(String op) {
            return whole(op).floats;
        }
    }

    private static final Mark DONE = new Mark() {
        @Override
        public void record() {
        }

        @Override
        public boolean done() {
            return true;
        }

        @Override
        public void await() {
        }

        @Override
        public void close() {
        }
    };

    private final StereoKernels kernels;

    public HostFrameOperators(StereoKernels kernels) {
        this.kernels = kernels;
    }

    @Override
    public long statisticsBytes() {
        return 2L * Float.BYTES;
    }

    @Override
    public long warpForwardWorkspaceBytes(int width, int height) {
        return 0;
    }

    @Override
    public long holeFillWorkspaceBytes(int width, int height) {
        return 0;
    }

    @Override
    public Buffer rgb(int width, int height, String what) {
        return new Buffer(width, height, new byte[Math.multiplyExact(3, Math.multiplyExact(width, height))], null);
    }

    @Override
    public Buffer floats(int width, int height, String what) {
        return new Buffer(width, height, null, new float[Math.multiplyExact(width, height)]);
    }

    @Override
    public Buffer floats(long count, String what) {
        return new Buffer(0, 0, null, new float[Math.toIntExact(count)]);
    }

    @Override
    public Buffer bytes(long bytes, String what) {
        return new Buffer(0, 0, new byte[Math.toIntExact(bytes)], null);
    }

    @Override
    public Buffer slice(Buffer buffer, long offset, long bytes, String what) {
        int unit = buffer.floats != null ? Float.BYTES : 1;
        if (offset < 0 || bytes < 0 || offset % unit != 0 || bytes % unit != 0 || offset + bytes > (long) buffer.length * unit) {
            throw new IllegalArgumentException("slice " + what + ": [" + offset + ", " + (offset + bytes)
                    + ") outside a buffer of " + (long) buffer.length * unit + " bytes");
        }
        return new Buffer(0, 0, buffer.bytes, buffer.floats, buffer.offset + (int) (offset / unit), (int) (bytes / unit));
    }

    @Override
    public Buffer statistics() {
        return new Buffer(2, 1, null, new float[2]);
    }

    @Override
    public ByteBuffer staging(long bytes, String what) {
        return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
    }

    @Override
    public void upload(ByteBuffer src, Buffer dst) {
        ByteBuffer s = src.duplicate().order(ByteOrder.nativeOrder());
        s.position(0);
        if (dst.floats != null) {
            s.asFloatBuffer().get(dst.floats, dst.offset, dst.length);
        } else {
            s.get(dst.bytes, dst.offset, dst.length);
        }
    }

    @Override
    public void download(Buffer src, ByteBuffer dst) {
        ByteBuffer d = dst.duplicate().order(ByteOrder.nativeOrder());
        d.position(0);
        if (src.floats != null) {
            d.asFloatBuffer().put(src.floats, src.offset, src.length);
        } else {
            d.put(src.bytes, src.offset, src.length);
        }
    }

    @Override
    public Mark mark() {
        return DONE; // every call has run when it returns
    }

    @Override
    public void tileExtract(Buffer frame, TileGrid grid, int first, int count, ModelInput input, Buffer out) {
        kernels.tileExtract(frame.image(), grid, first, count, input, out.array("tile_extract"));
    }

    @Override
    public void tileBlend(Buffer tileDepth, int depthWidth, int depthHeight, TileGrid grid, Buffer scale, Buffer shift,
                          Buffer out) {
        kernels.tileBlend(tileDepth.array("tile_blend"), depthWidth, depthHeight, grid,
                scale == null ? null : scale.array("tile_blend"), shift == null ? null : shift.array("tile_blend"), out.map());
    }

    @Override
    public void depthStatistics(Buffer depth, int width, int height, float lowPercent, float highPercent, Buffer statistics) {
        float[] p = kernels.depthPercentiles(depth.map(), lowPercent, highPercent);
        statistics.floats[0] = p[0];
        statistics.floats[1] = p[1];
    }

    @Override
    public float[] percentiles(ByteBuffer statistics, float lowPercent, float highPercent) {
        ByteBuffer s = statistics.duplicate().order(ByteOrder.nativeOrder());
        return new float[] {s.getFloat(0), s.getFloat(Float.BYTES)};
    }

    @Override
    public void depthNormalize(Buffer depth, int width, int height, float lo, float hi, Buffer out) {
        kernels.depthNormalize(depth.map(), lo, hi, out.map());
    }

    @Override
    public void depthToDisparity(Buffer normalized, int width, int height, DisparityParams params, Buffer disparity) {
        kernels.depthToDisparity(normalized.map(), params, disparity.map());
    }

    @Override
    public void warpForward(Buffer src, Buffer disparity, float factor, Buffer dst, Buffer targetDisparity, int width, int height,
                            Buffer workspace) {
        kernels.warpForward(src.image(), disparity.map(), factor, dst.image(), targetDisparity.map());
    }

    @Override
    public void holeFill(Buffer img, Buffer targetDisparity, Buffer src, int width, int height, Buffer workspace) {
        kernels.holeFill(img.image(), targetDisparity.map(), src.image());
    }

    @Override
    public void warpBackward(Buffer src, Buffer disparity, float factor, Buffer dst, int width, int height) {
        kernels.warpBackward(src.image(), disparity.map(), factor, dst.image());
    }

    @Override
    public void layoutCompose(Buffer left, Buffer right, int width, int height, Layout layout, Buffer out) {
        kernels.layoutCompose(left.image(), right.image(), layout, out.image());
    }

    @Override
    public void close() {
    }
}
