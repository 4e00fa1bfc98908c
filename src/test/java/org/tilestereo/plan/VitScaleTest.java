package org.tilestereo.plan;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.onnx.OnnxModel;

/**
 * A ViT-S-sized Depth-Anything-shaped model (about 25M parameters, a 100 MB file) read from disk:
 * parameter count by formula, the attention term by hand, and propagation fast enough to plan with.
 */
class VitScaleTest {

    @Test
    void vitSmallAt518(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vits.onnx");
        VitDptGraph.build(VitDptGraph.VIT_S).writeTo(file);
        long fileBytes = Files.size(file);

        long readStart = System.nanoTime();
        OnnxModel onnx = OnnxModel.read(file);
        MemoryModel m = MemoryModel.of(onnx);
        double readMs = (System.nanoTime() - readStart) / 1e6;

        long params = VitDptGraph.expectedParameters(VitDptGraph.VIT_S);
        assertEquals(params, m.weights().parameters());
        // Weights dominate the file: 4 bytes per parameter plus a little structure and int64 constants.
        assertTrue(fileBytes > 4 * params && fileBytes < 4 * params + 1_000_000, "file " + fileBytes + " B for " + params + " parameters");
        assertEquals(2 * params, m.weights().bytes(Precision.FP16));

        ActivationMemory a = m.activations(1, 518, 518, Precision.FP16);
        // 518 / 14 = 37 patches a side: 37^2 + 1 = 1370 tokens; 6 heads; FP16: 1370^2 * 6 * 2 = 22,522,800 B per block.
        List<AttentionTerm> attention = a.attention();
        assertEquals(12, attention.size());
        for (AttentionTerm t : attention) {
            assertEquals(1370, t.tokens());
            assertEquals(6, t.heads());
            assertEquals(1, t.batch());
            assertEquals(22_522_800L, t.bytes());
        }
        assertArrayEquals(new long[] {1, 518, 518}, a.shape("depth"));
        // The peak holds at least one attention matrix and its softmax: 2 x 22.5 MB.
        assertTrue(a.peakBytes() >= 2 * 22_522_800L, "peak " + a.peakBytes());
        assertTrue(a.totalBytes() > a.peakBytes());

        // Batch 2 at 392x518 (28x37 patches, 1037 tokens): attention 1037^2 * 6 * 2 * 2 = 1,075,369 * 24 = 25,808,856 B.
        assertEquals(25_808_856L, m.activations(2, 392, 518, Precision.FP16).largestAttention().orElseThrow().bytes());

        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            m.activations(1, 518, 518, Precision.FP16);
            best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf("ViT-S DPT: %d nodes, %,d parameters, file %,d B, read %.1f ms, activations %.1f ms; "
                        + "518x518 FP16 peak %,d B at %s, total %,d B%n",
                m.executionOrder().size(), params, fileBytes, readMs, best / 1e6, a.peakBytes(), a.peakNode().name(), a.totalBytes());
        assertTrue(best < 500_000_000L, "propagation took " + best / 1e6 + " ms");
    }
}
