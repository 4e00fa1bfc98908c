package org.tilestereo.api;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tilestereo.io.InputException;
import org.tilestereo.io.OutputFile;
import org.tilestereo.video.Container;
import org.tilestereo.video.FrameIndex;
import org.tilestereo.video.SceneCutDetector;
import org.tilestereo.video.SegmentJoin;
import org.tilestereo.video.TemporalDepthRange;
import org.tilestereo.video.VideoReader;

/**
 * A video converted in parts, each by whoever is free (the tasks of a cluster), with the result of
 * one run: {@link #plan} splits the range at key frames about every segment length, each part is
 * converted by {@link VideoConversion#runSegment} into a segment file, and {@link #join} copies the
 * segments' packets in order into the output, without re-encoding, with the audio from the source.
 *
 * <p>Why a warm-up and not splits at scene cuts: what carries over from frame to frame is the depth
 * range's moving average and the scene cut detector's recent scores, and both remember a fixed number
 * of frames ({@link TemporalDepthRange#memoryFrames}, {@link SceneCutDetector#MEMORY}). A segment that
 * first converts that many frames before its start has exactly the state one run has there, wherever
 * the split falls, so segments can be of even length; splitting only at scene cuts would also be exact
 * but gives one segment per shot, and a long shot (or a video of one shot) would not spread at all.
 * The price is the warm-up frames' depth: 31 frames per segment at the default smoothing.
 */
public final class VideoSegments {
    private VideoSegments() {
    }

    /** Frames a segment converts before its start so its state equals one run's (the smoothing's memory and the cut detector's). */
    public static int warmUpFrames(VideoOptions v) {
        return TemporalDepthRange.memoryFrames(v.smoothing()) + SceneCutDetector.MEMORY - 1;
    }

    /**
     * The segments of o's video (its --start/--duration range): split at the first key frame at least
     * segmentMicros after the previous split, where a segment's reader can start decoding.
     */
    public static List<VideoSegment> plan(ConvertOptions o, long segmentMicros) throws InputException {
        if (segmentMicros <= 0) throw new IllegalArgumentException("the segment length must be positive");
        FrameIndex index = FrameIndex.scan(o.input());
        long start = o.video().startMicros(), end = rangeEnd(o.video());
        List<Long> splits = new ArrayList<>();
        long last = start;
        for (long k : index.keyframeMicros()) {
            if (k > start && k < end && k - last >= segmentMicros && index.framesBetween(k, end) > 0) {
                splits.add(k);
                last = k;
            }
        }
        return split(o, index, splits);
    }

    /**
     * The segments of o's video split at the given times (ascending, within the range; anywhere, not
     * only at key frames: a segment then decodes from the key frame before its warm-up). The first
     * segment starts where the range starts, with no warm-up, as one run does.
     */
    public static List<VideoSegment> split(ConvertOptions o, FrameIndex index, List<Long> splitMicros) {
        VideoOptions v = o.video();
        long start = v.startMicros(), end = rangeEnd(v);
        int warm = warmUpFrames(v);
        List<VideoSegment> segments = new ArrayList<>();
        for (int i = 0; i <= splitMicros.size(); i++) {
            long from = i == 0 ? start : splitMicros.get(i - 1);
            long to = i < splitMicros.size() ? splitMicros.get(i) : end;
            long warmUp = i == 0 ? from : Math.max(start, index.framesBefore(from, warm));
            segments.add(new VideoSegment(i, from, to == Long.MAX_VALUE ? 0 : to, warmUp, index.framesBetween(from, to),
                    index.framesBetween(warmUp, from)));
        }
        return segments;
    }

    private static long rangeEnd(VideoOptions v) {
        return v.durationMicros() > 0 ? v.startMicros() + v.durationMicros() : Long.MAX_VALUE;
    }

    /** What the join wrote: the output and what happened to each audio track. */
    public record Joined(Path output, long videoPackets, List<String> audioNotes) {
    }

    /**
     * Writes o's output from the segment files, in order (temporary file, renamed when complete), with
     * the audio of o's input over o's range, copied or re-encoded as one run does.
     */
    public static Joined join(ConvertOptions o, List<Path> segmentFiles, PrintStream log) throws ConversionException {
        try {
            Container container = Container.forOutput(o.output());
            VideoOptions v = o.video();
            try (OutputFile out = OutputFile.begin(o.output(), o.overwrite());
                 VideoReader audio = VideoReader.open(o.input(), v.startMicros(), v.durationMicros())) {
                SegmentJoin.Result r = SegmentJoin.join(segmentFiles, out.temp(), container, audio);
                out.commit();
                if (r.droppedAudioPackets() > 0) {
                    log.println("warning: " + o.input().getFileName() + ": " + r.droppedAudioPackets()
                            + " audio packets out of order were left out");
                }
                return new Joined(o.output(), r.videoPackets(), r.audioNotes());
            }
        } catch (InputException e) {
            throw new ConversionException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ConversionException(o.output() + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
