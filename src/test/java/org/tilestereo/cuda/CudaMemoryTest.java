package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CudaMemoryTest {

    /** Every copy and fill hands the CUDA runtime such pointers: they must carry the address given. */
    @Test
    void pointersCarryTheAddressTheyAreMadeFor() {
        assertEquals(0x123456789A00L, CudaMemory.at(0x123456789A00L).address());
        assertEquals(0L, CudaMemory.at(0L).address());
    }
}
