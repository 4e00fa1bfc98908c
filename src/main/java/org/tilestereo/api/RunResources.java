package org.tilestereo.api;

import java.io.PrintStream;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.io.InputException;
import org.tilestereo.kernels.StereoKernels;

/**
 * The operator set and the depth source of a run, opened on first use and closed together. A
 * folder run shares one across its files, so the backend is chosen (and said) once and the depth
 * model loads once instead of once per file.
 */
public final class RunResources implements AutoCloseable {
    private final ConvertOptions options;
    private StereoKernels kernels;
    private DepthSource depth;

    /**
     * The backend and depth source for conversions with these options (only their depth source, backend
     * and stereo settings count; input and output vary), opened at the first conversion. A program that
     * converts many files with one set of options (a folder run, a cluster task slot) keeps one; one
     * thread uses it at a time.
     */
    public RunResources(ConvertOptions options, PrintStream log) {
        this.options = options;
        this.held = new HeldLog(log);
        this.notes = held.stream();
    }

    /** What choosing the backend and the runtime has to say, held until {@link #sayNotes}. */
    private final HeldLog held;
    private final PrintStream notes;

    StereoKernels kernels() throws InputException {
        if (kernels == null) {
            kernels = Backends.open(options.backend(), options.gpu(), notes, options.verbose());
        }
        return kernels;
    }

    /**
     * The depth source. What choosing the backend and the runtime had to say is held (see
     * {@link #sayNotes}) so that a failure on the way is the first thing said; with --verbose it is
     * said at once.
     */
    DepthSource depth() throws InputException, DepthException {
        if (depth == null) {
            depth = DepthSources.open(options.depth(), kernels(), options.backend(), options.stereo(), notes);
            if (options.verbose()) {
                sayNotes();
            }
        }
        return depth;
    }

    /** Says what the backend and depth choices had to say: after the first result, or right away for a video. */
    void sayNotes() {
        held.release();
    }

    /** Closes the depth source, then the kernels it used; safe to call twice. */
    @Override
    public void close() {
        try {
            if (depth != null) depth.close();
        } finally {
            depth = null;
            if (kernels != null) kernels.close();
            kernels = null;
        }
    }
}
