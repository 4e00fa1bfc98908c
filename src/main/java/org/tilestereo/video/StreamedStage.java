package org.tilestereo.video;

import java.util.ArrayDeque;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.image.FloatMap;
import org.tilestereo.pipeline.FrameSlots;
import org.tilestereo.pipeline.StageTimes;
import org.tilestereo.pipeline.StereoSettings;

/**
 * The streamed conversion stage: frames go round the {@link FrameSlots}, so the device works on
 * several at once. For each submitted frame i: its depth is computed (the model, on the host or on
 * its own stream); the oldest frame is emitted if every slot is taken; frame i is begun in a free
 * slot (upload, depth statistics); frame i-1, begun one submit earlier so its statistics had a
 * whole depth pass to come back, gets its normalisation range (smoothed over time, reset at scene
 * cuts, in frame order) and is finished (kernels, download). Frames whose downloads have completed
 * are emitted without waiting. So while the host runs the model on frame i, the device uploads
 * frame i, runs frame i-1's kernels and downloads frame i-2's result, each on its slot's stream.
 */
public final class StreamedStage implements ConversionStage {
    private final FrameSlots slots;
    private final DepthSource depth;
    private final StereoSettings settings;
    private final TemporalDepthRange range;
    private final StageTimes times;
    private final boolean reportDisparity;
    /** Where a frame's disparity is downloaded for the flicker score; valid until the next emit, as reportDisparity asks. */
    private FloatMap disparity;
    /** Frames in flight, oldest first; at most one of them (the newest) is begun but not finished. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private int nextSlot;

    private static final class InFlight {
        final VideoFrame frame;
        final int slot;
        boolean finished;

        InFlight(VideoFrame frame, int slot) {
            this.frame = frame;
            this.slot = slot;
        }
    }

    /**
     * @param range            null: each frame normalised on its own range
     * @param reportDisparity  download each frame's disparity too, for the flicker score
     */
    public StreamedStage(FrameSlots slots, DepthSource depth, StereoSettings settings, TemporalDepthRange range,
                         StageTimes times, boolean reportDisparity) {
        this.slots = slots;
        this.depth = depth;
        this.settings = settings;
        this.range = range;
        this.times = times;
        this.reportDisparity = reportDisparity;
    }

    @Override
    public String describe() {
        return "streamed, " + slots.describe() + ", depth " + depth.describe()
                + (range == null ? ", no temporal smoothing" : ", depth range smoothed over time");
    }

    @Override
    public int maxInFlight() {
        return slots.count();
    }

    @Override
    public void submit(VideoFrame frame, Emitter done) throws Exception {
        if (inFlight.size() == slots.count()) {
            emitOldest(done);
        }
        int slot = nextSlot;
        nextSlot = (nextSlot + 1) % slots.count();
        if (slots.makesDepth()) {
            // The slot's depth stage: on the device, the model's time is in here.
            times.run("upload and depth", () -> slots.begin(slot, frame.input()));
        } else {
            DepthMap d = times.time("depth", () -> depth.depthOf(frame.input()));
            times.run("upload", () -> slots.begin(slot, frame.input(), d));
        }
        finishBegun();
        inFlight.addLast(new InFlight(frame, slot));
        while (!inFlight.isEmpty() && inFlight.peekFirst().finished && slots.ready(inFlight.peekFirst().slot)) {
            emitOldest(done);
        }
    }

    @Override
    public void flush(Emitter done) throws Exception {
        finishBegun();
        while (!inFlight.isEmpty()) {
            emitOldest(done);
        }
    }

    /** Finishes the frame begun but not finished yet, if any (there is at most one). */
    private void finishBegun() {
        for (InFlight f : inFlight) {
            if (!f.finished) finish(f);
        }
    }

    /** Chooses the frame's range from its statistics (in frame order, so smoothing sees the frames in sequence) and queues the rest. */
    private void finish(InFlight f) {
        float[] r = times.time("statistics", () -> slots.percentiles(f.slot));
        if (range != null) {
            if (f.frame.sceneCut()) range.reset();
            r = range.apply(r);
        }
        float lo = r[0], hi = r[1];
        times.run("queue", () -> slots.finish(f.slot, lo, hi));
        f.finished = true;
    }

    private void emitOldest(Emitter done) throws Exception {
        InFlight f = inFlight.removeFirst();
        if (!f.finished) finish(f);
        int w = f.frame.input().width(), h = f.frame.input().height();
        if (reportDisparity && (disparity == null || disparity.width() != w || disparity.height() != h)) {
            disparity = new FloatMap(w, h);
        }
        FloatMap target = reportDisparity ? disparity : null;
        times.run("download", () -> slots.collect(f.slot, f.frame.output(), target));
        if (target != null) {
            f.frame.reportDisparity(target, settings.disparity().rangePixels(w));
        }
        done.emit(f.frame);
    }

    @Override
    public void close() {
        slots.close();
    }
}
