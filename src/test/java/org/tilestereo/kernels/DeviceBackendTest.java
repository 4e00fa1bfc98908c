package org.tilestereo.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Device backends are found by their option; one this build lacks says so instead of failing later. */
class DeviceBackendTest {
    @Test
    void theCudaBackendsAreRegisteredByTheirOptions() {
        assertEquals("cuda", DeviceBackend.find("cuda").option());
        assertEquals("cuda-emulated", DeviceBackend.find("cuda-emulated").option());
        assertEquals("org.tilestereo.cuda.CudaDeviceBackend$OnGpu", DeviceBackend.find("cuda").getClass().getName());
        assertEquals("org.tilestereo.cuda.CudaDeviceBackend$OnSoftwareDevice",
                DeviceBackend.find("cuda-emulated").getClass().getName());
    }

    @Test
    void aBackendThisBuildLacksReportsWhy() {
        DeviceBackend none = DeviceBackend.find("opencl");
        DeviceBackend.Report r = none.probe();
        assertFalse(r.usable());
        assertEquals("this build has no opencl backend", r.reason());
        assertThrows(IllegalStateException.class, () -> none.open(0));
    }
}
