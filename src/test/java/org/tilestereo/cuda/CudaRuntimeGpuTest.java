package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tilestereo.memory.Arena;

/** The CUDA runtime pieces under the operators: device facts, events, the pinned ring and its copies. */
class CudaRuntimeGpuTest {
    private boolean usedGpu;

    @AfterEach
    void noCudaErrorPending() {
        if (usedGpu) Gpu.assertNoErrorPending();
    }

    @Test
    void describesTheDevice() {
        Gpu.require();
        usedGpu = true;
        CudaProbe.Report r = CudaProbe.probe(Gpu.device());
        CudaProbe.Device d = r.devices().get(r.device());
        System.out.println("[tilestereo] " + r.summary());
        assertFalse(d.name().isBlank());
        if (Gpu.device() == DeviceKind.CUDA) {
            assertTrue(d.computeCapability() >= CudaProbe.MIN_COMPUTE_CAPABILITY);
        }
        assertTrue(d.freeBytes() > 0 && d.freeBytes() <= d.totalBytes(), d::toString);
    }

    /** Transfers several times the ring's size go through it in pieces, both ways, and arrive intact. */
    @Test
    void copiesLargerThanTheRingArriveIntact() {
        Gpu.require();
        usedGpu = true;
        Random random = new Random(3);
        byte[] bytes = new byte[21 * 1024 * 1024 + 13];
        random.nextBytes(bytes);
        float[] floats = new float[5 * 1024 * 1024 + 7];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = random.nextFloat() - 0.5f;
        }
        try (GpuFixture f = new GpuFixture(64L << 20); Arena.Scope s = f.scope()) {
            int waitsBefore = f.transfers.ringWaits();
            DeviceBuffer db = f.upload(bytes, "bytes");
            DeviceBuffer df = f.upload(floats, "floats");
            assertArrayEquals(bytes, f.bytes(db, bytes.length));
            assertArrayEquals(floats, f.floats(df, floats.length));
            assertTrue(f.transfers.ringWaits() > waitsBefore, "an 8 MiB ring must have filled up and waited");
        }
    }

    @Test
    void eventsTimeADeviceToDeviceCopy() {
        Gpu.require();
        usedGpu = true;
        try (GpuFixture f = new GpuFixture(64L << 20); Arena.Scope s = f.scope();
             CudaEvent start = CudaEvent.create(); CudaEvent end = CudaEvent.create()) {
            DeviceBuffer a = f.poisoned(32L << 20, 7, "a");
            DeviceBuffer b = f.poisoned(32L << 20, 0, "b");
            start.record(f.stream);
            CudaMemory.copyOnDevice(b.address(), a.address(), a.bytes(), f.stream);
            end.record(f.stream);
            end.synchronize();
            float ms = end.millisSince(start);
            System.out.printf("[tilestereo] 32 MiB device-to-device copy: %.3f ms, %.1f GB/s%n", ms, 2 * a.bytes() / (ms * 1e6));
            assertTrue(ms > 0f && ms < 1000f, "elapsed " + ms);
            byte[] copied = f.bytes(b, 4096);
            for (byte v : copied) {
                assertTrue(v == 7, "the copy arrived");
            }
        }
    }
}
