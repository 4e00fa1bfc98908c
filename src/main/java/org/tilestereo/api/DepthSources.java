package org.tilestereo.api;

import java.io.PrintStream;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.depth.GivenDepthSource;
import org.tilestereo.depth.ModelDepthSource;
import org.tilestereo.depth.DepthModel;
import org.tilestereo.depth.Tiling;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.trt.DepthModels;

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
        DepthSpec.Model m = (DepthSpec.Model) spec;
        DepthModel model = DepthModels.open(m.file(), m.runtime(), ModelDepthSource.DEFAULT_BATCH, log);
        try {
            return ModelDepthSource.builder(kernels, model)
                    .resolution(m.resolution())
                    .tiling(m.tileSize() > 0 ? new Tiling(m.tileSize(), m.tileSize(), m.tileOverlap()) : null)
                    .build();
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
