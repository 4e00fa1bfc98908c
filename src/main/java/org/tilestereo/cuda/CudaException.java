package org.tilestereo.cuda;

import org.bytedeco.cuda.global.cudart;

import org.tilestereo.memory.DeviceException;

/**
 * A failed CUDA runtime call or tilestereo C API call: names the call and carries its status (a
 * cudaError_t value for CUDA calls, a ts_status value for ts_ calls).
 */
public final class CudaException extends DeviceException {
    private final String call;
    private final int status;

    public CudaException(String call, int status, String detail) {
        super(call + " failed: " + detail);
        this.call = call;
        this.status = status;
    }

    public String call() {
        return call;
    }

    public int status() {
        return status;
    }

    /** Throws unless a CUDA runtime call returned cudaSuccess. */
    public static void check(int cudaError, String call) {
        if (cudaError != cudart.cudaSuccess) {
            // Cleared, so that the next launch is not blamed for this (non-sticky) error.
            cudart.cudaGetLastError();
            throw new CudaException(call, cudaError, describeCudaError(cudaError));
        }
    }

    /** Throws unless a ts_ call returned TS_SUCCESS; the detail is the library's message. */
    public static void checkNative(int tsStatus, String call) {
        if (tsStatus != TileStereoNative.TS_SUCCESS) {
            throw new CudaException(call, tsStatus, TileStereoNative.ts_status_string(tsStatus) + ": "
                    + TileStereoNative.ts_last_error_message());
        }
    }

    /** "cudaErrorNoDevice (100): no CUDA-capable device is detected". */
    public static String describeCudaError(int cudaError) {
        return cudart.cudaGetErrorName(cudaError).getString() + " (" + cudaError + "): "
                + cudart.cudaGetErrorString(cudaError).getString();
    }
}
