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

    @BeforeAll
    static void readReplica() throws Exception {
        Path file = Replicas.resolve("replica:vits", Replicas.defaultCacheDir());
        vits = new Planner(MemoryModel.of(OnnxModel.read(file)), new FrameMemory(StereoSettings.defaults(), CudaFrameOperators.SIZES, b -> b), RuntimeRules.TENSORRT);
    }

    private static Planner.Request uhd(Precision p, long budget) {
        return new Planner.Request("replica:vits", 3840, 2160, p, 0, budget, "test", 518);
    }

    @Test
    void an8GiBCardGetsTilesThatFitAndA24GiBCardTheWholeFrame() {
        Plan small = vits.plan(uhd(Precision.FP16, 8 * Bytes.GiB));
        System.out.print(small.table());
        assertEquals(Plan.Mode.TILED, small.mode());
        assertTrue(small.total() <= 8 * Bytes.GiB, "planned total " + Bytes.format(small.total()));
        assertEquals(0, small.tile() % 14, "tiles are whole patches");
        assertTrue(small.cols() * small.rows() >= 2);

        Plan big = vits.plan(uhd(Precision.FP16, 24 * Bytes.GiB));
        System.out.print(big.table());
        assertEquals(Plan.Mode.FULL_FRAME, big.mode());
        assertTrue(big.total() <= 24 * Bytes.GiB);
        assertEquals(3836, big.modelWidth());
        assertEquals(2156, big.modelHeight());
    }

    @Test
    void theTableAddsUpAndTheAttentionLineIsShownApart() {
        Plan p = vits.plan(uhd(Precision.FP16, 8 * Bytes.GiB));
        long sum = 0;
        for (Plan.Line l : p.lines()) if (l.counted()) sum += l.bytes();
        assertEquals(p.total(), sum);
        assertTrue(p.attentionBytes() > 0 && p.attentionBytes() < p.bytesOf("activations"));
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
        Planner.Request r = uhd(Precision.FP16, 8 * Bytes.GiB);
        Plan p = vits.plan(r);
        Plan smaller = vits.shrink(p, r);
        assertTrue(smaller.tile() < p.tile(), smaller.decision());
        assertEquals(1, smaller.batch());
        assertTrue(smaller.notes().stream().anyMatch(n -> n.contains("re-planned")));
    }

    @Test
    void jsonCarriesTheDecisionAndTheTable() {
        Map<String, Object> j = vits.plan(uhd(Precision.FP16, 8 * Bytes.GiB)).toJson();
        assertEquals("tiled", j.get("mode"));
        assertTrue(j.containsKey("tile") && j.containsKey("grid") && j.containsKey("batch") && j.containsKey("memory"));
        assertEquals(true, j.get("fits"));
    }
}
