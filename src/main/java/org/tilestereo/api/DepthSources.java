package org.tilestereo.api;

import java.io.PrintStream;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.depth.GivenDepthSource;
import org.tilestereo.kernels.StereoKernels;

/** Opens the depth source a {@link DepthSpec} names, checking it before any frame is read. */
final class DepthSources {
    private DepthSources() {
    }

    static DepthSource open(DepthSpec spec, StereoKernels kernels, PrintStream log) throws DepthException {
        if (spec instanceof DepthSpec.Given g) {
            GivenDepthSource source = new GivenDepthSource(g.file(), g.kind(), g.scale(), log);
            source.load();
            return source;
        }
        throw new DepthException("model depth: not wired yet");
    }
}
