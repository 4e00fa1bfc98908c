package org.tilestereo.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.tensorrt.nvinfer.IInt8EntropyCalibrator2;

/**
 * Feeds TensorRT's entropy calibration (IInt8EntropyCalibrator2) batch by batch from
 * {@link CalibrationBatches}, and keeps the table it produces in a {@link CalibrationCache}: when
 * the table is there, TensorRT reads it and asks for no batch at all. The batch buffer is this
 * object's own device allocation, alive only while the engine is being built; a batch goes up from
 * pinned memory on the calibrator's own stream, which is synchronised before TensorRT gets the
 * buffer (TensorRT may read it on another stream, so the copy must have landed).
 *
 * <p>TensorRT calls these methods from its own thread; an exception must not cross back into C++,
 * so every failure is logged and reported as "no more data".
 */
final class Int8Calibrator extends IInt8EntropyCalibrator2 {
    private final CalibrationBatches batches;
    private final CalibrationCache cache;
    private final PrintStream log;
    private final long bytesPerBatch;
    private final Pointer device;
    private final Pointer pinned;
    private final FloatPointer host;
    private final CUstream_st stream;
    private BytePointer table;
    private int next;

    Int8Calibrator(CalibrationBatches batches, CalibrationCache cache, PrintStream log) {
        this.batches = batches;
        this.cache = cache;
        this.log = log;
        this.bytesPerBatch = batches.shape().floats() * Float.BYTES;
        this.device = new Pointer();
        org.tilestereo.cuda.CudaException.check(cudart.cudaMalloc(device, bytesPerBatch), "cudaMalloc for the INT8 calibration batch");
        this.pinned = new Pointer();
        org.tilestereo.cuda.CudaException.check(cudart.cudaMallocHost(pinned, bytesPerBatch),
                "cudaMallocHost for the INT8 calibration batch");
        this.host = new FloatPointer(pinned).capacity(batches.shape().floats());
        this.stream = new CUstream_st();
        org.tilestereo.cuda.CudaException.check(cudart.cudaStreamCreateWithFlags(stream, cudart.cudaStreamNonBlocking),
                "cudaStreamCreateWithFlags for INT8 calibration");
    }

    /** With explicit batch dimensions the batch is in the calibration shape, and this must say 1. */
    @Override
    public int getBatchSize() {
        return 1;
    }

    @Override
    public boolean getBatch(PointerPointer bindings, PointerPointer names, int nbBindings) {
        try {
            if (next >= batches.count()) {
                return false;
            }
            float[] b = batches.batch(next++);
            host.position(0).put(b, 0, b.length);
            int err = cudart.cudaMemcpyAsync(device, host.position(0), bytesPerBatch, cudart.cudaMemcpyHostToDevice, stream);
            if (err == cudart.cudaSuccess) {
                err = cudart.cudaStreamSynchronize(stream);
            }
            if (err != cudart.cudaSuccess) {
                cudart.cudaGetLastError(); // not left for the next call to be blamed for
                log.println("TensorRT calibration: copying batch " + next + " to the GPU failed with CUDA error " + err);
                return false;
            }
            bindings.put(0, device);
            return true;
        } catch (Throwable t) {
            log.println("TensorRT calibration: batch " + next + " failed: " + t);
            return false;
        }
    }

    @Override
    public Pointer readCalibrationCache(LongPointer length) {
        Optional<byte[]> t = cache.read();
        if (t.isEmpty()) {
            length.put(0);
            return null;
        }
        table = new BytePointer(t.get());
        length.put(t.get().length);
        log.println("note: INT8 calibration table reused from " + cache.file());
        return table;
    }

    @Override
    public void writeCalibrationCache(Pointer data, long length) {
        try {
            byte[] b = new byte[(int) length];
            new BytePointer(data).capacity(length).get(b);
            cache.write(b);
        } catch (IOException | RuntimeException e) {
            log.println("note: INT8 calibration table not kept (" + e.getMessage() + "); the next build calibrates again");
        }
    }

    void release() {
        cudart.cudaStreamSynchronize(stream);
        cudart.cudaStreamDestroy(stream);
        cudart.cudaFree(device);
        cudart.cudaFreeHost(pinned);
        if (table != null) {
            table.close();
        }
    }
}
