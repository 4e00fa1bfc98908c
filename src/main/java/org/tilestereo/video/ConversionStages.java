package org.tilestereo.video;

import java.io.PrintStream;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.memory.DeviceException;
import org.tilestereo.memory.PoolExhaustedException;
import org.tilestereo.pipeline.StageTimes;
import org.tilestereo.pipeline.StereoSettings;
import org.tilestereo.plan.Plan;

/**
 * Chooses a video run's conversion stage: on the CUDA backend the streamed stage (frames in flight
 * on several streams through pinned slots), elsewhere, or where the streamed stage cannot be had,
 * the synchronous one, saying in one line why and what runs instead.
 */
public final class ConversionStages {
    private ConversionStages() {
    }

    /**
     * @param width           the input frames' width (fixed for a video)
     * @param height          the input frames' height
     * @param reportDisparity the flicker score is measured, so the stage must report each frame's disparity
     */
    public static ConversionStage open(StereoKernels kernels, DepthSource depth, StereoSettings settings,
                                       TemporalDepthRange range, StageTimes times, int width, int height,
                                       boolean reportDisparity, PrintStream log) throws DepthException {
        if (kernels.hasDeviceMemory()) { // the operators run on a device: stream frames through slots on it
            if (settings.layout() == Layout.DEPTH) {
                log.println("note: --layout depth runs the CUDA operators frame by frame (the streamed CUDA stage composes eyes)");
            } else {
                try {
                    long cap = warmUp(depth, width, height, times);
                    StreamedSlots slots = StreamedSlots.open(kernels, depth, width, height, settings, StreamedSlots.DEFAULT_SLOTS,
                            reportDisparity, cap);
                    return new StreamedStage(slots, depth, settings, range, times, reportDisparity);
                } catch (PoolExhaustedException | DeviceException e) {
                    log.println("note: streamed CUDA stage unavailable (" + e.getMessage()
                            + "); the CUDA operators run frame by frame instead");
                }
            }
        }
        return new FrameConverterStage(kernels, depth, settings, range, times);
    }

    /**
     * Before the slots are sized: a source with a depth stage makes its plan for the video's size
     * (the slots carry the stage's buffers); one without runs once on a blank frame, so a planned
     * source takes its memory and the runtime does its lazy set-up, the slots get what is really
     * left and the first real frame is not slow. Returns what the memory budget leaves after the
     * plan (Long.MAX_VALUE without one).
     */
    static long warmUp(DepthSource depth, int width, int height, StageTimes times) throws DepthException {
        times.time("warm-up", () -> depth.stageSizes(width, height, false) != null ? null
                : depth.depthOf(new RgbImage(width, height)));
        Plan p = depth.plan();
        if (p != null) {
            return Math.max(0, p.budget() - p.total());
        }
        return Long.MAX_VALUE;
    }
}
