package org.tilestereo.api;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.io.InputException;
import org.tilestereo.io.OutputFile;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.pipeline.StageTimes;
import org.tilestereo.video.Cancellation;
import org.tilestereo.video.Container;
import org.tilestereo.video.ConversionStage;
import org.tilestereo.video.ConversionStages;
import org.tilestereo.video.FfmpegLog;
import org.tilestereo.video.FlickerMeter;
import org.tilestereo.video.FrameConverterStage;
import org.tilestereo.video.InputDamage;
import org.tilestereo.video.InterruptHook;
import org.tilestereo.video.ProgressReporter;
import org.tilestereo.video.SceneCutDetector;
import org.tilestereo.video.StageReport;
import org.tilestereo.video.TemporalDepthRange;
import org.tilestereo.video.VideoInfo;
import org.tilestereo.video.VideoPipeline;
import org.tilestereo.video.VideoReader;
import org.tilestereo.video.VideoWriter;

/**
 * Converts one video. As for a photo, everything that can fail cheaply is checked first (output
 * type and folder, overwrite, input readable and holding video, encoder available, model), then
 * decoding, conversion and encoding run overlapped ({@link VideoPipeline}) into a temporary file
 * that is renamed over the output only when the video is complete. Ctrl-C stops the run and
 * removes the temporary file. A damaged input is converted as far as it can be read; what was
 * wrong is printed as warnings and returned in the report.
 */
public final class VideoConversion {
    private VideoConversion() {
    }

    /** Converts, stopping cleanly on Ctrl-C (SIGINT) or SIGTERM. */
    public static VideoReport run(ConvertOptions o, PrintStream log) throws ConversionException {
        Cancellation cancel = new Cancellation();
        try (InterruptHook hook = InterruptHook.install(cancel, log, "convert")) {
            return run(o, log, cancel, hook, null);
        }
    }

    /** Converts; the caller may stop the run through cancel (no signal handling). */
    public static VideoReport run(ConvertOptions o, PrintStream log, Cancellation cancel) throws ConversionException {
        return run(o, log, cancel, null, null);
    }

    /** A video of a bigger run that shares its kernels and depth model (shared may be null). */
    public static VideoReport run(ConvertOptions o, PrintStream log, RunResources shared) throws ConversionException {
        return run(o, log, new Cancellation(), null, shared);
    }

    /**
     * Converts one segment of o's video into segmentFile (written under a temporary name and renamed;
     * an older one is replaced): the frames of [segment start, segment end), with the timestamps and
     * pixels one run over the whole video gives them, after a warm-up from the segment's warm-up
     * point that is converted and not written. No audio (see {@link VideoSegments#join}). perFrame
     * runs after each written frame; nothing else reports progress.
     */
    public static VideoReport runSegment(ConvertOptions o, VideoSegment segment, Path segmentFile, PrintStream log,
                                         RunResources shared, Runnable perFrame) throws ConversionException {
        return run(o, log, new Cancellation(), null, shared, new Part(segment, segmentFile, perFrame));
    }

    /** A segment to convert instead of the whole range, where it goes, and who hears of its frames. */
    private record Part(VideoSegment segment, Path file, Runnable perFrame) {
    }

    static VideoReport run(ConvertOptions o, PrintStream log, Cancellation cancel, InterruptHook hook, RunResources shared)
            throws ConversionException {
        return run(o, log, cancel, hook, shared, null);
    }

    private static VideoReport run(ConvertOptions o, PrintStream log, Cancellation cancel, InterruptHook hook,
                                   RunResources shared, Part part) throws ConversionException {
        try {
            return convert(o, log, cancel, hook, shared, part);
        } catch (InputException | DepthException e) {
            throw new ConversionException(e.getMessage(), e);
        } catch (org.tilestereo.video.EncoderException e) {
            // What is encoded is at fault (a frame size no encoder takes), not the output file.
            throw new ConversionException(o.input() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConversionException(o.output() + ": cannot write (" + e.getMessage() + ")", e);
        } catch (ConversionException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new ConversionException(o.input() + ": not enough Java heap for frames of this size; raise it with"
                    + " TILESTEREO_JAVA_OPTS=-Xmx16g", null);
        } catch (Exception e) {
            throw new ConversionException(o.input() + ": conversion failed (" + e + ")", e);
        }
    }

    private static VideoReport convert(ConvertOptions o, PrintStream log, Cancellation cancel, InterruptHook hook,
                                       RunResources shared, Part part) throws Exception {
        Container container = Container.forOutput(o.output());
        if (!(o.depth() instanceof DepthSpec.Model)) {
            throw new InputException(o.input() + ": a video needs a depth model (--model); --depth gives one depth map,"
                    + " which only fits a photo");
        }
        refuseToOverwriteAnInput(o);
        if (part == null) {
            OutputFile.check(o.output(), o.overwrite());
        }
        VideoOptions v = o.video();
        String name = o.input().getFileName().toString();
        BiConsumer<Integer, String> ffmpegLog = (level, message) -> {
            if (o.verbose()) log.println("ffmpeg: " + message);
        };
        FfmpegLog.listen(ffmpegLog);
        try {
            return convert(o, log, cancel, hook, container, v, name, shared, part);
        } finally {
            FfmpegLog.release(ffmpegLog);
        }
    }

    private static VideoReport convert(ConvertOptions o, PrintStream log, Cancellation cancel, InterruptHook hook,
                                       Container container, VideoOptions v, String name, RunResources shared, Part part)
            throws Exception {
        try (VideoReader reader = part == null ? VideoReader.open(o.input(), v.startMicros(), v.durationMicros())
                : openSegment(o.input(), part.segment(), v)) {
            VideoInfo info = reader.info();
            if (o.verbose()) {
                log.println("input: " + info.describe());
            }
            int[] size = FrameConverterStage.outputSize(o.stereo().layout(), info.width(), info.height());
            // The encoder and the output file are set up before the model loads: a codec this
            // machine cannot encode fails in a moment, not after a minute of model loading.
            Path target = part == null ? o.output() : part.file();
            try (OutputFile out = OutputFile.begin(target, part != null || o.overwrite());
                 VideoWriter writer = part == null ? openWriter(out, hook, container, v, size, reader)
                         : VideoWriter.openSegment(out.temp(), v.codec(), v.crf(), size[0], size[1], reader)) {
                String encoder = writer.encoderName();
                List<String> audio = writer.audioNotes();
                VideoPipeline.Result result;
                String stageName, backend;
                RunResources own = shared == null ? new RunResources(o, log) : null;
                try {
                    RunResources resources = shared != null ? shared : own;
                    StereoKernels kernels = resources.kernels();
                    DepthSource depth = resources.depth();
                    // Said once the first frame is done: a failure before it is the first line.
                    Runnable sayNotes = () -> {
                        resources.sayNotes();
                        if (writer.sizeNote() != null) {
                            log.println("note: " + name + ": " + writer.sizeNote());
                        }
                        for (String note : audio) {
                            if (o.verbose() || !note.endsWith(": copied")) log.println("note: " + note);
                        }
                    };
                    StageTimes convertTimes = new StageTimes();
                    TemporalDepthRange range = v.smoothing() < 1f ? new TemporalDepthRange(v.smoothing()) : null;
                    try (ConversionStage stage = ConversionStages.open(kernels, depth, o.stereo(), range, convertTimes,
                            info.width(), info.height(), o.verbose(), log)) {
                        stageName = stage.describe();
                        backend = kernels.name();
                        if (o.verbose()) {
                            log.println("output: " + container.name().toLowerCase(Locale.ROOT) + ", " + v.codec().cliName()
                                    + " (" + encoder + ", crf " + v.crf() + ") " + size[0] + "x" + size[1] + "; conversion: " + stageName);
                        }
                        ProgressReporter progress = part == null ? ProgressReporter.forConsole(log, name, expectedMicros(info, v))
                                : ProgressReporter.silent(part.perFrame());
                        progress.onFirstFrame(sayNotes);
                        VideoPipeline pipeline = new VideoPipeline(reader, stage, writer, size[0], size[1], convertTimes, cancel,
                                progress, new SceneCutDetector(v.sceneCutThreshold()), o.verbose() ? new FlickerMeter() : null,
                                v.queueDepth(), 0);
                        if (part != null) {
                            pipeline.warmUpUntil(reader.ptsAt(part.segment().startMicros()));
                        }
                        result = pipeline.run();
                    }
                } finally {
                    if (own != null) own.close();
                }
                if (cancel.isCancelled()) {
                    throw new ConversionException(o.input() + ": stopped (" + cancel.reason() + ") after " + result.frames()
                            + " frames; " + target + " was not written", null);
                }
                if (result.frames() == 0) {
                    throw new InputException(o.input() + ": no frame could be decoded"
                            + (v.startMicros() > 0 || v.durationMicros() > 0 ? " in the chosen part (--start/--duration)" : ""));
                }
                out.commit();
                if (hook != null) hook.committed();
                InputDamage damage = reader.damage();
                List<String> warnings = new ArrayList<>(damage.describe(name));
                if (writer.droppedAudioPackets() > 0) {
                    warnings.add(name + ": " + writer.droppedAudioPackets() + " audio packets out of order were left out");
                }
                for (String w : warnings) log.println("warning: " + w);
                if (o.verbose()) {
                    log.printf(Locale.ROOT, "video: %d frames in %.1f s, %.2f fps; %d scene cuts; flicker %s%n",
                            result.frames(), result.wallNanos() / 1e9, result.fps(), result.sceneCuts(),
                            Double.isNaN(result.flicker()) ? "n/a" : String.format(Locale.ROOT, "%.4f (mean |change of disparity|"
                                    + " on still pixels / disparity range)", result.flicker()));
                    log.println("time per stage:");
                    StageReport.print(result, log);
                }
                return new VideoReport(target, backend, stageName, encoder, size[0], size[1], result.frames(),
                        result.sceneCuts(), result.flicker(), warnings, audio, result);
            }
        }
    }

    /** A reader on the segment's range from its warm-up point, timestamps counted from the conversion's start, no audio. */
    private static VideoReader openSegment(Path input, VideoSegment s, VideoOptions v) throws InputException {
        long length = s.endMicros() > 0 ? s.endMicros() - s.warmUpMicros() : 0;
        VideoReader reader = VideoReader.open(input, s.warmUpMicros(), length, v.startMicros());
        reader.withoutAudio();
        return reader;
    }

    /** The writer on out's temporary file, which the interrupt hook learns about before anything is written to it. */
    private static VideoWriter openWriter(OutputFile out, InterruptHook hook, Container container, VideoOptions v, int[] size,
                                          VideoReader reader) throws InputException {
        if (hook != null) hook.temporaryFile(out.temp());
        return VideoWriter.open(out.temp(), container, v.codec(), v.crf(), size[0], size[1], reader);
    }

    /** Media time the progress bar expects: the input's duration, cut to --start/--duration. */
    static long expectedMicros(VideoInfo info, VideoOptions v) {
        long rest = info.durationMicros() > 0 ? Math.max(0, info.durationMicros() - v.startMicros()) : 0;
        if (v.durationMicros() > 0) {
            return rest > 0 ? Math.min(rest, v.durationMicros()) : v.durationMicros();
        }
        return rest;
    }

    private static void refuseToOverwriteAnInput(ConvertOptions o) throws InputException, IOException {
        Path out = o.output().toAbsolutePath().normalize();
        Path[] inputs = o.depth() instanceof DepthSpec.Model m ? new Path[] {o.input(), m.file()} : new Path[] {o.input()};
        for (Path in : inputs) {
            Path abs = in.toAbsolutePath().normalize();
            if (abs.equals(out) || (Files.exists(abs) && Files.exists(out) && Files.isSameFile(abs, out))) {
                throw new InputException(o.output() + ": is an input of this conversion; inputs are never written, choose another output");
            }
        }
    }
}
