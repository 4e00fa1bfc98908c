package org.tilestereo.run;

import java.util.function.IntUnaryOperator;

import org.tilestereo.depth.DepthStage;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.kernels.OperatorSizes;
import org.tilestereo.kernels.TileGrid;
import org.tilestereo.pipeline.FrameProgram;
import org.tilestereo.pipeline.StereoSettings;
import org.tilestereo.plan.BufferModel;

/**
 * The planner's buffers from what a run allocates: one frame program with these settings on
 * operators of these sizes, its depth stage included ({@link FrameProgram#sizes},
 * {@link DepthStage#sizes}), plus the layout's tables. One model of a frame's device memory, for
 * the plan as for the allocation.
 */
public final class FrameMemory implements BufferModel {
    private final StereoSettings settings;
    private final OperatorSizes operators;
    private final IntUnaryOperator paddedBatch;

    /** paddedBatch: what a run of n images takes with the model (its fixed batch, or n). */
    public FrameMemory(StereoSettings settings, OperatorSizes operators, IntUnaryOperator paddedBatch) {
        this.settings = settings;
        this.operators = operators;
        this.paddedBatch = paddedBatch;
    }

    @Override
    public long bytes(int width, int height, TileGrid grid, int modelWidth, int modelHeight, int batch, int lowWidth,
                      int lowHeight) {
        // Sizes do not depend on the normalisation.
        ModelInput in = ModelInput.imagenet(modelWidth, modelHeight);
        ModelInput low = lowWidth > 0 ? ModelInput.imagenet(lowWidth, lowHeight) : null;
        DepthStage.Shape shape = new DepthStage.Shape(width, height, grid, in, Math.min(batch, grid.count()), low);
        DepthStage.Sizes stage = DepthStage.sizes(shape, paddedBatch, false, false);
        return FrameProgram.sizes(width, height, settings, true, operators, stage).device()
                + operators.layoutTablesBytes(settings.layout());
    }
}
