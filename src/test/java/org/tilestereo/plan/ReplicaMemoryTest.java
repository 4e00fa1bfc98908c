package org.tilestereo.plan;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.tilestereo.onnx.OnnxModel;
import org.tilestereo.plan.replica.DepthAnythingV2Replica;
import org.tilestereo.plan.replica.DepthAnythingV2Replica.Variant;

/** The memory model on the project's Depth Anything V2 ViT-S replica (read from its bytes). */
class ReplicaMemoryTest {

    @Test
    void vitsReplicaWeightsAttentionAndOutput() {
        MemoryModel m = MemoryModel.of(OnnxModel.read(DepthAnythingV2Replica.bytes(Variant.VITS, 0)));
        assertEquals(DepthAnythingV2Replica.parameterCount(Variant.VITS), m.weights().parameters());

        ActivationMemory a = m.activations(1, 518, 518, Precision.FP16);
        assertArrayEquals(new long[] {1, 518, 518}, a.shape(DepthAnythingV2Replica.OUTPUT));
        // 12 blocks; 37^2 + 1 = 1370 tokens, 6 heads, FP16: 1370^2 * 6 * 2 = 22,522,800 B each.
        assertEquals(12, a.attention().size());
        a.attention().forEach(t -> assertEquals(22_522_800L, t.bytes()));
        // A non-square batch of 2 at 392 x 700: 28 x 50 patches, 1401 tokens; output back at the input size.
        ActivationMemory b = m.activations(2, 392, 700, Precision.FP32);
        assertArrayEquals(new long[] {2, 392, 700}, b.shape(DepthAnythingV2Replica.OUTPUT));
        assertEquals(2L * 6 * 1401 * 1401 * 4, b.largestAttention().orElseThrow().bytes());
    }
}
