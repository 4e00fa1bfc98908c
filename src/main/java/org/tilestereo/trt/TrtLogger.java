package org.tilestereo.trt;

import java.io.PrintStream;
import org.bytedeco.tensorrt.nvinfer.ILogger;

/**
 * TensorRT's log, passed on: errors always (and the last one kept, for the exception that follows
 * a failed call), warnings only when verbose. TensorRT keeps a pointer to its logger, so an instance
 * must outlive every builder, parser and runtime it was given to. Only constructed once TensorRT
 * loaded ({@link TensorRtProbe}).
 */
final class TrtLogger extends ILogger {
    private final PrintStream out;
    private final boolean verbose;
    private volatile String lastError = "";

    TrtLogger(PrintStream out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    @Override
    public void log(Severity severity, String message) {
        int s = severity.value;
        if (s <= Severity.kERROR.value) {
            lastError = message;
            out.println("TensorRT error: " + message);
        } else if (s == Severity.kWARNING.value && verbose) {
            out.println("TensorRT warning: " + message);
        }
    }

    /** The last error TensorRT reported, or "no detail" when it reported none. */
    String lastError() {
        return lastError.isEmpty() ? "TensorRT gave no detail" : lastError;
    }
}
