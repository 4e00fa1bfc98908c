package org.tilestereo.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * The process's one ONNX Runtime environment. ONNX Runtime logs to stderr on its own (coloured
 * "[E:onnxruntime:...]" lines) and its Java API offers no way to take those lines over; its errors
 * reach the user anyway, as the one-line message of the exception they cause. So its log is off
 * (fatal only) unless the user asked for --verbose, where its warnings are shown. The first use of
 * ONNX Runtime in the process fixes the level.
 */
public final class OnnxRuntimeEnvironment {
    private static volatile boolean verbose;

    private OnnxRuntimeEnvironment() {
    }

    /** Shows ONNX Runtime's warnings (call before the first model opens: --verbose). */
    public static void showWarnings(boolean show) {
        verbose = show;
    }

    public static OrtEnvironment get() {
        return OrtEnvironment.getEnvironment(verbose ? OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING
                : OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
    }
}
