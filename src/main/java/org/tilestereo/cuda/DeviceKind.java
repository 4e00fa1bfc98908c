package org.tilestereo.cuda;

/**
 * Which device runs the CUDA backend: a real GPU, or the software device (the same kernel sources
 * compiled for the CPU against an emulation of the CUDA execution model). The software device is a
 * test device: it proves logic and ordering, never speed, and is only used when asked for by name.
 */
public enum DeviceKind {
    /** A GPU through the CUDA runtime (libtilestereo_cuda.so). */
    CUDA,
    /** The CPU emulation of the CUDA execution model (libtilestereo_software.so). */
    SOFTWARE;

    /** The value of ts_device_select. */
    int nativeKind() {
        return switch (this) {
            case CUDA -> TileStereoNative.TS_DEVICE_CUDA;
            case SOFTWARE -> TileStereoNative.TS_DEVICE_SOFTWARE;
        };
    }
}
