package org.tilestereo.plan;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tilestereo.memory.Bytes;
import org.tilestereo.cuda.CudaFrameOperators;
import org.tilestereo.onnx.OnnxModel;
import org.tilestereo.pipeline.StereoSettings;
import org.tilestereo.run.FrameMemory;
import org.tilestereo.plan.replica.Replicas;

/** The planner on the ViT-S replica: the decisions the product promises, and their arithmetic. */
class PlannerTest {
    static Planner vits;
    static Path file;

    @BeforeAll
    static void readReplica() throws Exception {
        file = Replicas.resolve("replica:vits", Replicas.defaultCacheDir());
        vits = new Planner(MemoryModel.of(OnnxModel.read(file)), new FrameMemory(StereoSettings.defaults(), CudaFrameOperators.SIZES, b -> b), RuntimeRules.TENSORRT);
    }

    private static Planner.Request uhd(Precision p, long budget) {
        return new Planner.Request("replica:vits", 3840, 2160, p, 0, budget, "test", 518);
    }

    @Test
    void a2GiBBudgetGetsTilesThatFitAndAn8GiBCardTheWholeFrameWithFusedAttention() {
        Plan small = vits.plan(uhd(Precision.FP16, 2 * Bytes.GiB));
        System.out.print(small.table());
        assertEquals(Plan.Mode.TILED, small.mode());
        assertTrue(small.total() <= 2 * Bytes.GiB, "planned total " + Bytes.format(small.total()));
        assertEquals(0, small.tile() % 14, "tiles are whole patches");
        assertTrue(small.cols() * small.rows() >= 2);

        // The replica scales Q before Q x K^T (as DINOv2 does): TensorRT fuses its 12 attention layers, so
        // the 4K frame's 42,197 tokens need no 42,197^2 score matrices and the whole frame fits 8 GiB.
        Plan big = vits.plan(uhd(Precision.FP16, 8 * Bytes.GiB));
        System.out.print(big.table());
        assertEquals(Plan.Mode.FULL_FRAME, big.mode());
        assertTrue(big.total() <= 8 * Bytes.GiB);
        assertEquals(3836, big.modelWidth());
        assertEquals(2156, big.modelHeight());
        assertTrue(big.notes().stream().anyMatch(n -> n.startsWith("12 attention layers fused")), big.notes().toString());
        assertEquals(0, big.attentionBytes(), "no attention matrix is written");
    }

    @Test
    void withoutTheFusionTheSameFrameNeedsItsScoreMatricesAndTiles() {
        // ONNX Runtime on the CPU does not fuse: one layer's scores alone are 6 x 42,197^2 x 4 bytes at FP32.
        MemoryModel m = MemoryModel.of(OnnxModel.read(file));
        ActivationMemory unfused = m.activationsWithInPlaceReuse(1, 2156, 3836, Precision.FP32, RuntimeRules.ONNX_RUNTIME_CPU);
        assertEquals(6L * 42197 * 42197 * 4, unfused.largestAttention().orElseThrow().bytes());
        ActivationMemory fused = m.activationsWithInPlaceReuse(1, 2156, 3836, Precision.FP32, RuntimeRules.TENSORRT);
        assertEquals(12, fused.fusedAttention());
        assertTrue(fused.peakBytes() * 20 < unfused.peakBytes(), fused.peakBytes() + " vs " + unfused.peakBytes());
    }

    @Test
    void theTableAddsUpAndTheAttentionLineIsShownApart() {
        Plan p = vits.plan(uhd(Precision.FP16, 2 * Bytes.GiB));
        long sum = 0;
        for (Plan.Line l : p.lines()) if (l.counted()) sum += l.bytes();
        assertEquals(p.total(), sum);
        // Under ONNX Runtime's rules the attention is written and shown apart, not counted twice.
        Plan cpu = new Planner(MemoryModel.of(OnnxModel.read(file)), new FrameMemory(StereoSettings.defaults(),
                CudaFrameOperators.SIZES, b -> b), RuntimeRules.ONNX_RUNTIME_CPU)
                .plan(new Planner.Request("replica:vits", 1920, 1080, Precision.FP32, 0, 8 * Bytes.GiB, "test", 518,
                        false, Detail.FRAME));
        long cpuSum = 0;
        for (Plan.Line l : cpu.lines()) if (l.counted()) cpuSum += l.bytes();
        assertEquals(cpu.total(), cpuSum);
        assertTrue(cpu.attentionBytes() > 0 && cpu.attentionBytes() < cpu.bytesOf("activations"), cpu.table());
        // weights line = parameters x 2 bytes at FP16
        assertEquals(24_710_849L * 2, p.bytesOf("weights"));
        assertEquals(p.bytesOf("activations") + Planner.ENGINE_WORKSPACE + p.bytesOf("I/O"), p.poolBytes());
    }

    @Test
    void moreBudgetNeverMeansMoreTilesAndTheTileIsTheSmallestForItsGrid() {
        int previousTiles = Integer.MAX_VALUE;
        for (long gib : new long[] {2, 3, 4, 6, 8, 12, 16, 24}) {
            Plan p = vits.plan(uhd(Precision.FP16, gib * Bytes.GiB));
            int tiles = p.mode() == Plan.Mode.FULL_FRAME ? 1 : p.cols() * p.rows();
            assertTrue(tiles <= previousTiles, gib + " GiB: " + p.decision());
            previousTiles = tiles;
            if (p.mode() == Plan.Mode.TILED) {
                int smaller = p.tile() - 14;
                int more = org.tilestereo.kernels.TileGrid.of(3840, 2160, smaller, smaller, Planner.overlapFor(smaller)).count();
                assertTrue(more > tiles, "a smaller tile would need more tiles: " + p.decision());
            }
        }
    }

    @Test
    void precisionIsLoweredBeforeGivingUpAndAPlanThatCannotFitSaysHowMuchIsMissing() {
        // The smallest budget at which FP16 fits: FP32 needs at least 47 MiB more (its weights alone).
        long budget = 900 * Bytes.MiB;
        while (vits.plan(uhd(Precision.FP16, budget)).precision() != Precision.FP16
                || !vits.plan(uhd(Precision.FP16, budget)).fits()) {
            budget += 16 * Bytes.MiB;
        }
        Plan lowered = vits.plan(uhd(Precision.FP32, budget));
        assertTrue(lowered.fits(), lowered.table());
        assertEquals(Precision.FP16, lowered.precision(), lowered.table());
        assertTrue(lowered.notes().contains("fp32 does not fit even at the smallest tiles; lowered to fp16"), lowered.notes().toString());

        Plan none = vits.plan(uhd(Precision.FP16, 500 * Bytes.MiB));
        assertFalse(none.fits());
        assertTrue(none.decision().contains("more than the budget"), none.decision());
        assertEquals(none.total() - 500 * Bytes.MiB, none.total() - none.budget());
    }

    @Test
    void shrinkGivesSmallerTilesAfterAnAllocationFailure() {
        Planner.Request r = uhd(Precision.FP16, 2 * Bytes.GiB);
        Plan p = vits.plan(r);
        Plan smaller = vits.shrink(p, r);
        assertTrue(smaller.tile() < p.tile(), smaller.decision());
        assertEquals(1, smaller.batch());
        assertTrue(smaller.notes().stream().anyMatch(n -> n.contains("re-planned")));
    }

    @Test
    void jsonCarriesTheDecisionAndTheTable() {
        Map<String, Object> j = vits.plan(uhd(Precision.FP16, 2 * Bytes.GiB)).toJson();
        assertEquals("tiled", j.get("mode"));
        assertTrue(j.containsKey("tile") && j.containsKey("grid") && j.containsKey("batch") && j.containsKey("memory"));
        assertEquals(true, j.get("fits"));
    }
}
