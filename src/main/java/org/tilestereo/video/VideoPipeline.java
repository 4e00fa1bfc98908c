package org.tilestereo.video;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.tilestereo.image.RgbImage;
import org.tilestereo.pipeline.StageTimes;

/**
 * Decoding, conversion and encoding on three threads, connected by bounded queues, so the three
 * overlap and memory stays fixed: frame slots (decoded picture + converted picture) are allocated
 * once and go round decode -> convert -> encode -> decode. When a stage is slower than the others
 * its input queue fills and the faster stages wait; the wait is measured, which is how the run
 * tells which stage bounds it.
 *
 * <p>Any stage's failure, or a {@link Cancellation}, stops all three within one frame; queued
 * frames are dropped and their audio freed. Audio packets ride with the frame they were read
 * before, so the encoder thread, the only one touching the output file, writes them in file order.
 */
public final class VideoPipeline {
    private static final long POLL_MILLIS = 50;

    private final VideoReader reader;
    private final ConversionStage stage;
    private final VideoWriter writer;
    private final Cancellation cancel;
    private final ProgressReporter progress;
    private final SceneCutDetector sceneCuts;
    private final FlickerMeter flicker;
    private final int outputWidth, outputHeight, queueDepth;
    private final long maxFrames;
    /** Frames before this pts warm the conversion's state up but are not written (a segment's warm-up). */
    private long firstWrittenPts = Long.MIN_VALUE;

    /** Per-thread stage times; each thread writes only its own. */
    private final StageTimes decodeTimes = new StageTimes(), convertTimes, encodeTimes = new StageTimes();
    private final long[] waitNanos = new long[3], runNanos = new long[3];
    private volatile Throwable failure;
    private long cuts;

    /** What a run did. */
    public record Result(long frames, long damagedFrames, long sceneCuts, double flicker, long wallNanos,
                         StageTimes decode, StageTimes convert, StageTimes encode, long[] busyNanos, long[] waitNanos) {
        public double fps() {
            return frames / Math.max(1e-9, wallNanos / 1e9);
        }
    }

    /**
     * @param convertTimes the stage's own times (the stage adds to it on the conversion thread)
     * @param sceneCuts    null: no scene cut detection
     * @param flicker      null: no flicker measurement
     * @param maxFrames    stop after this many frames (0 = all)
     */
    public VideoPipeline(VideoReader reader, ConversionStage stage, VideoWriter writer, int outputWidth, int outputHeight,
                         StageTimes convertTimes, Cancellation cancel, ProgressReporter progress,
                         SceneCutDetector sceneCuts, FlickerMeter flicker, int queueDepth, long maxFrames) {
        this.reader = reader;
        this.stage = stage;
        this.writer = writer;
        this.outputWidth = outputWidth;
        this.outputHeight = outputHeight;
        this.convertTimes = convertTimes;
        this.cancel = cancel;
        this.progress = progress;
        this.sceneCuts = sceneCuts;
        this.flicker = flicker;
        this.queueDepth = Math.max(1, queueDepth);
        this.maxFrames = maxFrames;
    }

    /**
     * Frames before pts are converted, so that the depth range and the scene cut detector have the
     * state one run over the whole video has when the first written frame comes, and then dropped.
     */
    public VideoPipeline warmUpUntil(long pts) {
        firstWrittenPts = pts;
        return this;
    }

    /**
     * Runs to the end of the input (or maxFrames), finishing the output file. Returns normally when
     * it was cancelled, with the frames done so far; check the Cancellation.
     */
    public Result run() throws Exception {
        int slots = slots(reader.info().width(), reader.info().height());
        BlockingQueue<VideoFrame> free = new ArrayBlockingQueue<>(slots);
        BlockingQueue<VideoFrame> decoded = new ArrayBlockingQueue<>(queueDepth + 1);
        BlockingQueue<VideoFrame> converted = new ArrayBlockingQueue<>(queueDepth + stage.maxInFlight() + 1);
        VideoInfo info = reader.info();
        List<VideoFrame> all = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            VideoFrame f = new VideoFrame(new RgbImage(info.width(), info.height()), new RgbImage(outputWidth, outputHeight));
            all.add(f);
            free.add(f);
        }
        long t0 = System.nanoTime();
        if (progress != null) progress.start();
        Thread[] threads = {
                new Thread(() -> guard(0, () -> decode(free, decoded)), "tilestereo-decode"),
                new Thread(() -> guard(1, () -> convert(decoded, converted)), "tilestereo-convert"),
                new Thread(() -> guard(2, () -> encode(converted, free)), "tilestereo-encode"),
        };
        for (Thread t : threads) t.start();
        for (Thread t : threads) {
            t.join();
        }
        long wall = System.nanoTime() - t0;
        for (VideoFrame f : all) f.recycle();
        if (progress != null) {
            if (cancel.isCancelled()) progress.breakLine();
            else progress.finish();
        }
        if (failure != null) {
            if (failure instanceof Exception e) throw e;
            if (failure instanceof Error e) throw e;
            throw new RuntimeException(failure);
        }
        long[] busy = new long[3];
        for (int i = 0; i < 3; i++) busy[i] = Math.max(0, runNanos[i] - waitNanos[i]);
        return new Result(writer.frames(), reader.damage().damagedFrames(), cuts,
                flicker == null ? Double.NaN : flicker.score(), wall, decodeTimes, convertTimes, encodeTimes,
                busy, waitNanos.clone());
    }

    private interface Body {
        void run() throws Exception;
    }

    /** Runs a thread's body; its running time (minus its waits: its busy time) is measured. */
    private void guard(int thread, Body body) {
        long t0 = System.nanoTime();
        try {
            body.run();
        } catch (Throwable t) {
            synchronized (this) {
                if (failure == null && !cancel.isCancelled()) failure = t;
            }
            cancel.cancel("failed: " + t);
        } finally {
            runNanos[thread] = System.nanoTime() - t0;
        }
    }

    private void decode(BlockingQueue<VideoFrame> free, BlockingQueue<VideoFrame> out) throws InterruptedException {
        long index = 0;
        while (!cancel.isCancelled()) {
            VideoFrame f = take(free, 0);
            if (f == null) return;
            boolean more = maxFrames <= 0 || index < maxFrames;
            long t = System.nanoTime();
            more = more && reader.read(f.input, f.audio);
            decodeTimes.add("decode", System.nanoTime() - t);
            if (!more) {
                // The last slot carries the audio read after the last frame.
                f.end = true;
                put(out, f, 0);
                return;
            }
            f.index = index++;
            f.pts = reader.pts();
            f.damaged = reader.frameDamaged();
            if (!put(out, f, 0)) {
                f.recycle();
                return;
            }
        }
    }

    private void convert(BlockingQueue<VideoFrame> in, BlockingQueue<VideoFrame> out) throws Exception {
        ConversionStage.Emitter emit = frame -> {
            if (flicker != null && frame.disparity() != null) {
                long t = System.nanoTime();
                flicker.add(frame.input, frame.disparity(), frame.disparityRange(), frame.sceneCut);
                convertTimes.add("flicker", System.nanoTime() - t);
            }
            if (!put(out, frame, 1)) frame.recycle();
        };
        while (!cancel.isCancelled()) {
            VideoFrame f = take(in, 1);
            if (f == null) return;
            if (f.end) {
                stage.flush(emit);
                put(out, f, 1);
                return;
            }
            if (sceneCuts != null) {
                long t = System.nanoTime();
                f.sceneCut = sceneCuts.isCut(f.input);
                if (f.sceneCut) cuts++;
                convertTimes.add("scene-cut", System.nanoTime() - t);
            }
            stage.submit(f, emit);
        }
    }

    private void encode(BlockingQueue<VideoFrame> in, BlockingQueue<VideoFrame> free) throws Exception {
        while (!cancel.isCancelled()) {
            VideoFrame f = take(in, 2);
            if (f == null) return;
            long t = System.nanoTime();
            for (AudioPacket p : f.audio) writer.writeAudio(p);
            f.audio.clear();
            encodeTimes.add("audio", System.nanoTime() - t);
            if (f.end) {
                t = System.nanoTime();
                writer.finish();
                encodeTimes.add("finish", System.nanoTime() - t);
                return;
            }
            if (f.pts < firstWrittenPts) {
                f.recycle();
                free.add(f);
                continue;
            }
            t = System.nanoTime();
            writer.writeFrame(f.output, f.pts);
            encodeTimes.add("encode", System.nanoTime() - t);
            if (progress != null) progress.frameDone(endMicros(f.pts));
            f.recycle();
            free.add(f);
        }
    }

    /**
     * Frame slots: enough for every queue to be full while each thread holds one and the stage
     * holds its maximum, but no more than a quarter of the Java heap allows (4K side-by-side
     * slots are 75 MB each); fewer slots only make the stages wait on each other more.
     */
    private int slots(int width, int height) {
        int wanted = 2 * queueDepth + stage.maxInFlight() + 2;
        long perSlot = 3L * width * height + 3L * outputWidth * outputHeight;
        long affordable = Runtime.getRuntime().maxMemory() / 4 / Math.max(1, perSlot);
        return (int) Math.max(stage.maxInFlight() + 2, Math.min(wanted, affordable));
    }

    /** Media time (from the start of the conversion) at which the frame with this pts ends. */
    private long endMicros(long pts) {
        org.bytedeco.ffmpeg.avutil.AVRational tb = reader.timeBase();
        VideoInfo info = reader.info();
        return Math.round(pts * 1e6 * tb.num() / tb.den() + 1e6 * info.frameRateDen() / info.frameRateNum());
    }

    /** Waits for an item, measuring the wait; null once cancelled. */
    private VideoFrame take(BlockingQueue<VideoFrame> q, int thread) throws InterruptedException {
        long t = System.nanoTime();
        try {
            while (!cancel.isCancelled()) {
                VideoFrame f = q.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (f != null) return f;
            }
            return null;
        } finally {
            waitNanos[thread] += System.nanoTime() - t;
        }
    }

    /** Waits for room, measuring the wait; false once cancelled. */
    private boolean put(BlockingQueue<VideoFrame> q, VideoFrame f, int thread) throws InterruptedException {
        long t = System.nanoTime();
        try {
            while (!cancel.isCancelled()) {
                if (q.offer(f, POLL_MILLIS, TimeUnit.MILLISECONDS)) return true;
            }
            return false;
        } finally {
            waitNanos[thread] += System.nanoTime() - t;
        }
    }
}
