package org.tilestereo.video;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.pipeline.StageTimes;
import org.tilestereo.testing.Samples;

/** The three-thread pipeline: stages overlap, queues are bounded, failures and cancellation stop it. */
class VideoPipelineTest {
    @TempDir
    Path dir;

    /** Copies the frame and takes a fixed time, like a conversion that does not use the CPU (a GPU). */
    private static final class SleepingStage implements ConversionStage {
        final long millis;
        final int failAt;
        final Cancellation cancelAt10;
        int seen;

        SleepingStage(long millis, int failAt, Cancellation cancelAt10) {
            this.millis = millis;
            this.failAt = failAt;
            this.cancelAt10 = cancelAt10;
        }

        @Override
        public String describe() {
            return "sleeping copy";
        }

        @Override
        public int maxInFlight() {
            return 1;
        }

        @Override
        public void submit(VideoFrame frame, Emitter done) throws Exception {
            if (++seen == failAt) throw new IllegalStateException("stage failed on purpose at frame " + seen);
            if (seen == 10 && cancelAt10 != null) cancelAt10.cancel("test");
            Thread.sleep(millis);
            System.arraycopy(frame.input().data(), 0, frame.output().data(), 0, frame.input().data().length);
            done.emit(frame);
        }

        @Override
        public void flush(Emitter done) {
        }
    }

    private VideoPipeline.Result run(SleepingStage stage, Cancellation cancel, long maxFrames) throws Exception {
        try (VideoReader reader = VideoReader.open(Samples.file("video/Megamind.avi"), 0, 0)) {
            VideoInfo info = reader.info();
            try (VideoWriter writer = VideoWriter.open(dir.resolve("out.mp4"), Container.MP4, VideoCodec.H264, 30,
                    info.width(), info.height(), reader)) {
                return new VideoPipeline(reader, stage, writer, info.width(), info.height(), new StageTimes(), cancel,
                        null, null, null, 2, maxFrames).run();
            }
        }
    }

    @Test
    void decodingConversionAndEncodingOverlapAndTheQueuesAreBounded() throws Exception {
        SleepingStage stage = new SleepingStage(8, -1, null);
        VideoPipeline.Result r = run(stage, new Cancellation(), 80);
        assertEquals(80, r.frames());
        Map<String, double[]> u = StageReport.utilisation(r);
        double busy = u.get("decode")[0] + u.get("convert")[0] + u.get("encode")[0];
        System.out.printf("80 frames: wall %.2f s; busy decode %.0f%% convert %.0f%% encode %.0f%%; decode waited %.0f%%%n",
                r.wallNanos() / 1e9, 100 * u.get("decode")[0], 100 * u.get("convert")[0], 100 * u.get("encode")[0],
                100 * u.get("decode")[1]);
        // Run one after another, the stages would add up to the wall time; overlapped they exceed it.
        assertTrue(busy > 1.3, "stage busy times add up to " + busy + " of the wall time: not overlapped");
        // The conversion bounds this run; the decoder, far faster, spends most of it blocked on the
        // full queue, which an unbounded queue would never make it do.
        assertTrue(u.get("decode")[1] > 0.5, "decoder waited only " + u.get("decode")[1] + " of the time");
    }

    @Test
    void aFailingStageFailsTheRun() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run(new SleepingStage(0, 5, null), new Cancellation(), 0));
        assertEquals("stage failed on purpose at frame 5", e.getMessage());
    }

    @Test
    void cancellationStopsWithinAFewFrames() throws Exception {
        Cancellation cancel = new Cancellation();
        long t0 = System.nanoTime();
        VideoPipeline.Result r = run(new SleepingStage(5, -1, cancel), cancel, 0);
        assertTrue(cancel.isCancelled());
        assertTrue(r.frames() < 20, "stopped soon after the 10th frame: " + r.frames());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "and promptly");
    }
}
