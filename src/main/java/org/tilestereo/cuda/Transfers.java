package org.tilestereo.cuda;

import java.util.ArrayList;
import java.util.List;

import org.tilestereo.memory.Arena;

/**
 * Uploads and downloads between Java arrays and device buffers through a ring of pinned host
 * memory, all queued on one stream. An upload copies the array into the ring and queues the
 * asynchronous copy; a download queues the copy into the ring and fills the array at
 * {@link #finish()}, after the stream has caught up. Transfers larger than the ring go in pieces;
 * when the ring is full, the stream is synchronised and the ring starts over.
 */
public final class Transfers implements AutoCloseable {
    private final CudaStream stream;
    private final PinnedHostMemory ring;
    private final RingCursor cursor;
    private final List<Runnable> pendingCopyOuts = new ArrayList<>();
    private boolean closed;

    public Transfers(CudaStream stream, long ringBytes) {
        long bytes = Arena.aligned(ringBytes);
        this.stream = stream;
        this.ring = PinnedHostMemory.allocate(bytes);
        this.cursor = new RingCursor(bytes);
    }

    public void upload(byte[] src, DeviceBuffer dst) {
        upload(src, src.length, dst);
    }

    public void upload(float[] src, DeviceBuffer dst) {
        upload(src, src.length, dst);
    }

    public void download(DeviceBuffer src, byte[] dst) {
        download(src, dst, dst.length);
    }

    public void download(DeviceBuffer src, float[] dst) {
        download(src, dst, dst.length);
    }

    /** Queues the upload of src[0 .. length) to the start of dst. */
    public void upload(byte[] src, int length, DeviceBuffer dst) {
        dst.require("upload", length);
        for (int done = 0; done < length; ) {
            int n = piece(length - done, 1);
            long at = cursor.reserve(n, this::finish);
            ring.view(at).put(src, done, n);
            CudaMemory.copyToDevice(dst.address() + done, ring.address() + at, n, stream);
            done += n;
        }
    }

    /** Queues the upload of src[0 .. length) to the start of dst. */
    public void upload(float[] src, int length, DeviceBuffer dst) {
        dst.require("upload", (long) length * Float.BYTES);
        for (int done = 0; done < length; ) {
            int n = piece(length - done, Float.BYTES);
            long at = cursor.reserve((long) n * Float.BYTES, this::finish);
            ring.view(at).asFloatBuffer().put(src, done, n);
            CudaMemory.copyToDevice(dst.address() + (long) done * Float.BYTES, ring.address() + at, (long) n * Float.BYTES, stream);
            done += n;
        }
    }

    /** Queues the download of length bytes into dst[0 .. length); dst holds them after {@link #finish()}. */
    public void download(DeviceBuffer src, byte[] dst, int length) {
        src.require("download", length);
        for (int done = 0; done < length; ) {
            int n = piece(length - done, 1);
            long at = cursor.reserve(n, this::finish);
            CudaMemory.copyToHost(ring.address() + at, src.address() + done, n, stream);
            int from = done;
            pendingCopyOuts.add(() -> ring.view(at).get(dst, from, n));
            done += n;
        }
    }

    /** Queues the download of length floats into dst[0 .. length); dst holds them after {@link #finish()}. */
    public void download(DeviceBuffer src, float[] dst, int length) {
        src.require("download", (long) length * Float.BYTES);
        for (int done = 0; done < length; ) {
            int n = piece(length - done, Float.BYTES);
            long at = cursor.reserve((long) n * Float.BYTES, this::finish);
            CudaMemory.copyToHost(ring.address() + at, src.address() + (long) done * Float.BYTES, (long) n * Float.BYTES, stream);
            int from = done;
            pendingCopyOuts.add(() -> ring.view(at).asFloatBuffer().get(dst, from, n));
            done += n;
        }
    }

    /** Waits for the stream, completes the downloads queued so far and frees the ring. */
    public void finish() {
        stream.synchronize();
        for (Runnable copyOut : pendingCopyOuts) {
            copyOut.run();
        }
        pendingCopyOuts.clear();
        cursor.reset();
    }

    /** How often the ring filled up within a call and the stream had to be waited for. */
    public int ringWaits() {
        return cursor.wraps();
    }

    public long ringBytes() {
        return cursor.capacity();
    }

    /** Frees the pinned ring (after waiting for the stream: a queued copy may still read it); safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stream.synchronize();
        } finally {
            pendingCopyOuts.clear();
            ring.close();
        }
    }

    /** Elements of size bytes that fit one ring piece, at most remaining. */
    private int piece(int remaining, int size) {
        return (int) Math.min(remaining, cursor.capacity() / size);
    }

}
