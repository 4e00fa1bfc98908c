package org.tilestereo.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Made-up device addresses for the argument-check tests: far apart, so no two ranges overlap, and
 * 256-byte aligned. Never dereferenced: every call with them must be rejected on the host, or
 * (where no device exists) fail at the launch with a CUDA error.
 */
final class FakePointers {
    static final long A = 1L << 36, B = 2L << 36, C = 3L << 36, D = 4L << 36, E = 5L << 36, F = 6L << 36;

    private FakePointers() {
    }

    /** The status says the argument was rejected, and the message starts with the entry's name and says why. */
    static void expectInvalid(String entry, String message, int status) {
        String actual = TileStereoNative.ts_last_error_message();
        assertEquals(TileStereoNative.TS_ERROR_INVALID_ARGUMENT, status, () -> "status for '" + message + "', got: " + actual);
        assertTrue(actual.startsWith(entry + ": ") && actual.contains(message),
                () -> "message should start with '" + entry + ": ' and say '" + message + "', got: " + actual);
    }

    /**
     * Where CUDA has no device (no driver), a call that passes every check reaches its launch and
     * comes back as TS_ERROR_CUDA naming the launcher: proof that valid arguments are accepted.
     * Returns false (and checks nothing) where a device exists: the made-up addresses would be used.
     */
    static boolean noDevice() {
        if (!CudaProbe.probe().devices().isEmpty()) {
            return false;
        }
        // Where the CUDA device's library is there without a GPU, its launches fail as CUDA calls.
        if (TileStereoNative.ts_device_select(TileStereoNative.TS_DEVICE_CUDA) != TileStereoNative.TS_SUCCESS) {
            System.out.println("[tilestereo] launch-failure check skipped: " + TileStereoNative.ts_last_error_message());
            return false;
        }
        return true;
    }

    static void expectLaunchFailure(String launcher, int status) {
        String message = TileStereoNative.ts_last_error_message();
        assertEquals(TileStereoNative.TS_ERROR_CUDA, status, () -> "valid arguments should reach the launch: " + message);
        assertTrue(message.contains(launcher) && message.contains("failed: cudaError"), message);
        System.out.println("[tilestereo] without a device: " + message.substring(message.indexOf("failed:")));
    }
}
