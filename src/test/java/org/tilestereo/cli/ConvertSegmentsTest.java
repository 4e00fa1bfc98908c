package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.api.ConvertOptions;
import org.tilestereo.api.RunResources;
import org.tilestereo.api.VideoConversion;
import org.tilestereo.api.VideoReport;
import org.tilestereo.api.VideoSegment;
import org.tilestereo.api.VideoSegments;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.image.RgbImage;
import org.tilestereo.testing.Samples;
import org.tilestereo.video.FrameIndex;
import org.tilestereo.video.VideoProbe;
import org.tilestereo.video.VideoReader;

/**
 * A video converted in segments (what a cluster's tasks do) and joined gives the frames of one run:
 * the same count, timestamps and pixels (lossless FFV1), the audio of the source, wherever the
 * splits fall, including inside a shot where the depth range's average is running.
 */
class ConvertSegmentsTest {
    @TempDir
    static Path shared;
    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildModel() {
        model = DepthTestModels.write(DepthTestModels.symmetricConvStack(5), shared.resolve("conv.onnx"));
    }

    private static ConvertOptions options(Path in, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(in.toString(), "-o", out.toString(), "--backend", "cpu", "--model",
                model.toString(), "--depth-resolution", "56"));
        if (!List.of(more).contains("--codec")) a.addAll(List.of("--codec", "ffv1"));
        a.addAll(List.of(more));
        return Convert.parse(a.toArray(String[]::new));
    }

    /** Every frame's timestamp and a digest of its pixels, read with the project's reader. */
    static List<String> frames(Path video) throws Exception {
        List<String> out = new ArrayList<>();
        try (VideoReader r = VideoReader.open(video, 0, 0)) {
            RgbImage img = new RgbImage(r.info().width(), r.info().height());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            while (r.read(img, new ArrayList<>())) {
                out.add(r.pts() + " " + HexFormat.of().formatHex(sha.digest(img.data())));
            }
        }
        return out;
    }

    private static List<Path> convertSegments(ConvertOptions o, List<VideoSegment> plan, Path dir, PrintStream log)
            throws Exception {
        List<Path> files = new ArrayList<>();
        try (RunResources resources = new RunResources(o, log)) {
            // In reverse order: a segment depends on nothing converted before it.
            for (int i = plan.size() - 1; i >= 0; i--) {
                Path f = dir.resolve("segment-" + i + ".nut");
                long frames = VideoConversion.runSegment(o, plan.get(i), f, log, resources, () -> { }).frames();
                // The plan counts packets; where a container's packet times are decoding times (AVI with
                // B-frames) a boundary frame can fall on the other side: about, not exactly.
                assertEquals(plan.get(i).frames(), frames, 1.0, "segment " + i + " writes about the frames planned for it");
                files.add(0, f);
            }
        }
        return files;
    }

    @Test
    void megamindInSegmentsEqualsOneRun() throws Exception {
        Path in = Samples.file("video/Megamind.avi");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Path whole = dir.resolve("whole.mkv");
        VideoReport single = VideoConversion.run(options(in, whole), quiet);

        ConvertOptions o = options(in, dir.resolve("joined.mkv"));
        List<VideoSegment> plan = VideoSegments.plan(o, 3_000_000);
        System.out.println("Megamind.avi in segments of about 3 s: " + plan);
        assertTrue(plan.size() >= 3, "at least three segments: " + plan);
        assertEquals(270, plan.stream().mapToLong(VideoSegment::frames).sum(), "the segments hold every frame once");
        assertEquals(0, plan.get(0).warmUpFrames(), "the first segment starts cold, as one run does");
        int warm = VideoSegments.warmUpFrames(o.video());
        assertEquals(31, warm, "22 frames of the range's memory at weight 0.2, 9 more for the cut detector's");
        for (VideoSegment s : plan.subList(1, plan.size())) {
            assertEquals(warm, s.warmUpFrames(), "a full warm-up: " + s);
        }
        VideoSegments.Joined joined = VideoSegments.join(o, convertSegments(o, plan, dir, quiet), quiet);
        assertEquals(270, joined.videoPackets());
        assertEquals(single.audio(), joined.audioNotes(), "the audio goes as in one run");

        List<String> one = frames(whole), parts = frames(o.output());
        assertEquals(one.size(), parts.size(), "frame count");
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.get(i), parts.get(i), "frame " + i + " (timestamp and pixels)");
        }
        VideoProbe a = VideoProbe.of(whole), b = VideoProbe.of(o.output());
        assertEquals(a.audioCodec(), b.audioCodec());
        assertEquals(a.audioSamples(), b.audioSamples(), "the source's audio, once");
        assertEquals(a.videoMicros(), b.videoMicros(), "timestamps as a player reads them");
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().contains(".part")), "no temporaries left");
        }
    }

    /**
     * Megamind's key frames fall on its cuts, where the state resets anyway; split inside shots (2.5 s
     * and 6 s, frames 60 and 144, where the range's average is running), the warm-up still gives one
     * run's frames, and without it frames differ (so the comparison can fail).
     */
    @Test
    void splitsInsideAShotNeedTheWarmUpAndGetOneRunsFrames() throws Exception {
        Path in = Samples.file("video/Megamind.avi");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        String[] part = {"--duration", "7"};
        Path whole = dir.resolve("whole.mkv");
        VideoConversion.run(options(in, whole, part), quiet);
        List<String> one = frames(whole);

        ConvertOptions o = options(in, dir.resolve("joined.mkv"), part);
        List<VideoSegment> plan = VideoSegments.split(o, FrameIndex.scan(in), List.of(2_500_000L, 6_000_000L));
        VideoSegments.join(o, convertSegments(o, plan, dir, quiet), quiet);
        assertEquals(one, frames(o.output()), "split inside shots: one run's frames");

        List<VideoSegment> cold = new ArrayList<>();
        for (VideoSegment s : plan) {
            cold.add(new VideoSegment(s.index(), s.startMicros(), s.endMicros(), s.startMicros(), s.frames(), 0));
        }
        ConvertOptions noWarmUp = options(in, dir.resolve("cold.mkv"), part);
        VideoSegments.join(noWarmUp, convertSegments(noWarmUp, cold, dir, quiet), quiet);
        List<String> coldFrames = frames(noWarmUp.output());
        assertEquals(one.size(), coldFrames.size());
        long differing = java.util.stream.IntStream.range(0, one.size()).filter(i -> !one.get(i).equals(coldFrames.get(i))).count();
        System.out.println("without the warm-up, " + differing + " of " + one.size() + " frames differ from one run");
        assertTrue(differing > 0, "without the warm-up the range restarts at each split and frames differ");
    }

    /**
     * The default output, H.264 in MP4, from segments: the segments' packets go into the MP4 as they are
     * (headers out of band), every frame at one run's timestamp, the audio once. Each segment's encoder
     * starts afresh, so compressed pictures differ a little from one run's (not the converted frames:
     * those are equal, as the FFV1 tests show); they stay close.
     */
    @Test
    void segmentsJoinIntoAnH264Mp4AtOneRunsTimestampsWithTheAudio() throws Exception {
        Path in = Samples.file("video/Megamind.avi");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Path whole = dir.resolve("whole.mp4");
        VideoConversion.run(options(in, whole, "--codec", "h264"), quiet);
        ConvertOptions o = options(in, dir.resolve("joined.mp4"), "--codec", "h264");
        List<VideoSegment> plan = VideoSegments.plan(o, 3_000_000);
        VideoSegments.join(o, convertSegments(o, plan, dir, quiet), quiet);
        VideoProbe a = VideoProbe.of(whole), b = VideoProbe.of(o.output());
        assertEquals("h264", b.videoCodec());
        assertEquals(a.videoMicros(), b.videoMicros(), "every frame, at one run's timestamps");
        assertEquals(a.audioCodec(), b.audioCodec());
        assertEquals(a.audioSamples(), b.audioSamples(), "the audio once");
        for (int frame : new int[] {0, 97, 98, 150, 200, 269}) {
            RgbImage x = VideoProbe.frame(whole, frame), y = VideoProbe.frame(o.output(), frame);
            double psnr = VideoProbe.psnr(x, 0, 0, y, 0, 0, x.width(), x.height());
            assertTrue(psnr > 30, "frame " + frame + ": " + psnr + " dB against one run's");
        }
    }
}
