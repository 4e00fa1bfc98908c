package org.tilestereo.video;

import java.util.ArrayList;
import java.util.List;
import org.tilestereo.image.RgbImage;

/**
 * Drives a {@link ConversionStage} as the pipeline's conversion thread does, without decoding or
 * encoding: one frame slot per frame, submitted in order with its scene-cut flag, then flushed.
 * Records what came out, in which order, and how many frames the stage held at most between calls.
 */
public final class StageHarness {
    /** One emitted frame: its index, its composed picture and the disparity the stage reported (null if none). */
    public record Emitted(long index, byte[] image, float[] disparity) {
    }

    public record Run(List<Emitted> frames, int maxHeld) {
    }

    private StageHarness() {
    }

    public static Run run(ConversionStage stage, List<RgbImage> inputs, boolean[] cuts, int outWidth, int outHeight)
            throws Exception {
        List<Emitted> out = new ArrayList<>();
        int[] held = {0, 0};
        ConversionStage.Emitter emit = f -> {
            held[0]--;
            out.add(new Emitted(f.index(), f.output().data().clone(), f.disparity() == null ? null : f.disparity().data().clone()));
        };
        for (int i = 0; i < inputs.size(); i++) {
            VideoFrame f = new VideoFrame(inputs.get(i).copy(), new RgbImage(outWidth, outHeight));
            f.index = i;
            f.sceneCut = cuts[i];
            held[0]++;
            stage.submit(f, emit);
            held[1] = Math.max(held[1], held[0]);
        }
        stage.flush(emit);
        return new Run(out, held[1]);
    }
}
