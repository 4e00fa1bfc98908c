package org.tilestereo.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.tilestereo.io.ProcessMemory;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.memory.Bytes;
import org.tilestereo.plan.replica.Replicas;

/**
 * A session kept open for a video keeps a steady footprint: after the first inference at a shape,
 * later ones at that shape take no more memory. ONNX Runtime's memory pattern (recorded on run 1 for
 * dynamic shapes, then one block for all of it from run 2) used to grow a session by a large part
 * of its activations on run 2; sessions are opened with it off.
 */
class SteadyFootprintTest {

    @Test
    void theSecondAndLaterInferencesDoNotGrowTheFootprint() throws Exception {
        Path file = Replicas.resolve("replica:vits", Replicas.defaultCacheDir());
        ModelInput in = ModelInput.imagenet(770, 770);
        float[] x = new float[in.floatsPerImage()];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        try (OnnxRuntimeDepthModel model = OnnxRuntimeDepthModel.open(file)) {
            long before = ProcessMemory.resident();
            model.run(x, 1, in);
            long afterFirst = ProcessMemory.resident();
            for (int i = 0; i < 3; i++) model.run(x, 1, in);
            long afterFourth = ProcessMemory.resident();
            long first = afterFirst - before, later = afterFourth - afterFirst;
            System.out.printf(Locale.ROOT, "[tilestereo] ViT-S replica at 770x770 on ONNX Runtime: run 1 took %s resident,"
                    + " runs 2-4 %s more%n", Bytes.format(first), Bytes.format(later));
            assertTrue(later < Math.max(24 * Bytes.MiB, first / 10),
                    "runs 2-4 grew the footprint by " + Bytes.format(later) + " after run 1's " + Bytes.format(first));
        }
    }
}
