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
final class RunResources implements AutoCloseable {
    private final ConvertOptions options;
    private final PrintStream log;
    private StereoKernels kernels;
    private DepthSource depth;

    RunResources(ConvertOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /** What choosing the backend had to say, held until the depth source opens: a failure is said first, alone. */
    private String backendNote = "";

    StereoKernels kernels() throws InputException {
        if (kernels == null) {
            java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
            try (PrintStream held = new PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8)) {
                kernels = Backends.open(options.backend(), held, options.verbose());
            }
            backendNote = said.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
        return kernels;
    }

    DepthSource depth() throws InputException, DepthException {
        if (depth == null) {
            depth = DepthSources.open(options.depth(), kernels(), options.backend(), options.stereo(), log);
            log.print(backendNote);
            backendNote = "";
        }
        return depth;
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
