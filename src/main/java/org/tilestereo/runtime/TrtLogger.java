package org.tilestereo.runtime;

import java.io.PrintStream;
import org.bytedeco.tensorrt.nvinfer.ILogger;

/**
 * The process's one TensorRT logger: TensorRT keeps the first logger it is given for the whole
 * process (a second one is ignored, and freeing the first would leave TensorRT logging through freed
 * memory), so it is made once, never freed, and passes messages on to {@link TrtLog}, which each
 * model points at its own output. Only constructed once TensorRT loaded ({@link TensorRtProbe}).
 */
final class TrtLogger extends ILogger {
    private static TrtLogger instance;
    private final TrtLog log = new TrtLog();

    private TrtLogger() {
    }

    /** The one logger, its messages from now on to out (warnings too when verbose). */
    static synchronized TrtLogger shared(PrintStream out, boolean verbose) {
        if (instance == null) {
            instance = new TrtLogger();
        }
        instance.log.attach(out, verbose);
        return instance;
    }

    @Override
    public void log(Severity severity, String message) {
        log.message(severity.value, message);
    }

    /** The last error TensorRT reported, or "no detail" when it reported none. */
    String lastError() {
        return log.lastError();
    }
}
