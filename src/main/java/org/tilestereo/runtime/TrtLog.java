package org.tilestereo.runtime;

import java.io.PrintStream;

/**
 * Where TensorRT's messages go: errors always (the last one kept, for the exception that follows a
 * failed call), warnings only when verbose. TensorRT keeps the first logger it is given for the
 * whole process and ignores later ones, so there is one ({@link TrtLogger#shared}), never freed,
 * and each model points it at its own output when it opens.
 */
final class TrtLog {
    private volatile PrintStream out = System.err;
    private volatile boolean verbose;
    private volatile String lastError = "";

    /** From now on messages go to out; warnings too when verbose. */
    void attach(PrintStream out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    /** One message at TensorRT's severity (0 internal error, 1 error, 2 warning, 3 info, 4 verbose). */
    void message(int severity, String text) {
        if (severity <= ERROR) {
            lastError = text;
            out.println("TensorRT error: " + text);
        } else if (severity == WARNING && verbose) {
            out.println("TensorRT warning: " + text);
        }
    }

    /** The last error TensorRT reported, or "no detail" when it reported none. */
    String lastError() {
        return lastError.isEmpty() ? "TensorRT gave no detail" : lastError;
    }

    /** ILogger::Severity values (NvInferRuntimeBase.h). */
    static final int ERROR = 1, WARNING = 2;
}
