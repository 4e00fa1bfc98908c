package org.tilestereo.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.cuda.CudaFrameOperators;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.memory.Bytes;
import org.tilestereo.onnx.OnnxModel;
import org.tilestereo.pipeline.StereoSettings;
import org.tilestereo.run.FrameMemory;

/**
 * A model exported with a static input (1x3x56x70 here, as some Depth Anything exports fix
 * 1x3x518x518): the plan resizes the frame to it, whole, and says so; it never tiles (each tile would
 * be resized to the same size) and has no smaller plan to fall back to.
 */
class FixedInputPlanTest {
    @TempDir
    Path dir;

    @Test
    void aStaticInputIsPlannedWholeAtItsSize() throws Exception {
        Path file = DepthTestModels.write(DepthTestModels.staticPerPixel(56, 70), dir.resolve("fixed.onnx"));
        MemoryModel memory = MemoryModel.of(OnnxModel.read(file));
        assertEquals(List.of(70, 56, 1), List.of(memory.fixedImageSize()[0], memory.fixedImageSize()[1], memory.fixedImageSize()[2]));
        Planner planner = new Planner(memory, new FrameMemory(StereoSettings.defaults(), CudaFrameOperators.SIZES, n -> n), RuntimeRules.TENSORRT);

        Planner.Request big = new Planner.Request("fixed", 3840, 2160, Precision.FP16, 0, 8 * Bytes.GiB, "test", 518);
        Plan p = planner.plan(big);
        assertEquals(Plan.Mode.FULL_FRAME, p.mode(), p.table());
        assertEquals("full frame: the model runs at 70x56, fp16", p.decision());
        assertTrue(p.table().contains("the model's input is fixed at 70x56: the frame is resized to it, never tiled"), p.table());
        assertNull(planner.shrink(p, big), "no smaller plan for a fixed input");

        Planner.Request tiny = new Planner.Request("fixed", 3840, 2160, Precision.FP16, 0, 64 * Bytes.MiB, "test", 518);
        Plan none = planner.plan(tiny);
        assertEquals(Plan.Mode.DOES_NOT_FIT, none.mode(), "never tiles: " + none.table());
    }
}
