package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.image.RgbImage;
import org.tilestereo.testing.CliRun;
import org.tilestereo.testing.Samples;
import org.tilestereo.video.VideoProbe;

/**
 * convert on videos, end to end through the CLI, each result read back with JavaCV's grabber (not
 * the project's reader): every frame there, in the layout asked for, at the input's timestamps,
 * the audio along with the input's duration; parts of a video; damaged and unusable inputs.
 * Runs use a tiny depth model at a small depth resolution so the whole clip converts in seconds.
 */
class ConvertVideoTest {
    @TempDir
    static Path shared;
    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildModel() {
        model = DepthTestModels.write(DepthTestModels.symmetricConvStack(5), shared.resolve("conv.onnx"));
    }

    private static CliRun convert(String... args) {
        List<String> all = new ArrayList<>(List.of("convert", "--backend", "cpu", "--model", model.toString(),
                "--depth-resolution", "56"));
        all.addAll(Arrays.asList(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** FFV1 is lossless RGB in MKV only: asked for into an MP4, a one-line error and no file; into an MKV, the frames. */
    @Test
    void ffv1GoesIntoMkvOnly() throws Exception {
        Path in = Samples.file("video/Megamind.avi");
        Path mp4 = dir.resolve("lossless.mp4");
        CliRun r = convert(in.toString(), "--codec", "ffv1", "--duration", "0.5", "-o", mp4.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.errorLines().contains("--codec ffv1 is written to MKV only; name the output .mkv"), r.err());
        assertFalse(java.nio.file.Files.exists(mp4), "no output is left");
        Path mkv = dir.resolve("lossless.mkv");
        r = convert(in.toString(), "--codec", "ffv1", "--duration", "0.5", "-o", mkv.toString());
        assertEquals(0, r.status(), r.toString());
        VideoProbe p = VideoProbe.of(mkv);
        assertEquals("ffv1", p.videoCodec());
        assertTrue(p.frames() >= 11, "half a second of a 23.976 fps clip: " + p.frames());
    }

    @Test
    void megamindBecomesAnSbsMp4WithEveryFrameAtItsTimeAndTheAudio() throws Exception {
        Path in = Samples.file("video/Megamind.avi");
        Path out = dir.resolve("out.mp4");
        long t0 = System.nanoTime();
        CliRun r = convert(in.toString(), "--layout", "sbs", "--eyes", "right", "-o", out.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, r.status(), r.toString());
        assertFalse(r.err().contains("warning:"), "a sound input gives no warnings: " + r.err());
        assertTrue(r.err().contains("progress: Megamind.avi: 270 frames in"), "progress ends with the count: " + r.err());

        VideoProbe source = VideoProbe.of(in);
        VideoProbe result = VideoProbe.of(out);
        System.out.printf("Megamind.avi -> sbs mp4: %d frames, %.3f fps, %dx%d %s, audio %s %.3f s (input %.3f s), %.1f s wall%n",
                result.frames(), result.fps(), result.width(), result.height(), result.videoCodec(), result.audioCodec(),
                result.audioSeconds(), source.audioSeconds(), seconds);
        assertEquals("h264", result.videoCodec());
        assertEquals(270, result.frames(), "all frames");
        assertEquals(2 * 720, result.width(), "full side-by-side is twice as wide");
        assertEquals(528, result.height());
        assertEquals(source.fps(), result.fps(), 1e-3, "the input's frame rate");
        assertTrue(result.monotonic(), "timestamps increase");
        // The input's frames are at (i+1) frame durations (its last one carries no timestamp; the
        // reader gives it the next slot): the output keeps them to the millisecond.
        double frame = 1e6 / source.fps();
        for (int i = 0; i < 269; i++) {
            assertEquals(source.videoMicros().get(i), result.videoMicros().get(i), 1000, "timestamp of frame " + i);
        }
        assertEquals(source.videoMicros().get(268) + frame, result.videoMicros().get(269), 1000, "timestamp of the last frame");

        assertEquals("ac3", result.audioCodec(), "AC-3 is copied into the MP4 as it is");
        assertEquals(2, result.audioChannels());
        assertEquals(48000, result.sampleRate());
        double videoSeconds = 270 / source.fps();
        assertEquals(source.audioSeconds(), result.audioSeconds(), 2 / source.fps(), "audio as long as the input's");
        assertEquals(videoSeconds, result.audioSeconds(), 2 / source.fps(), "audio as long as the video");

        // The layout: with --eyes right the input is the left eye, so the left half is the input
        // frame (through two lossy codecs), and the right half differs where depth shifted pixels.
        RgbImage input = VideoProbe.frame(in, 120), output = VideoProbe.frame(out, 120);
        double left = VideoProbe.psnr(input, 0, 0, output, 0, 0, 720, 528);
        double right = VideoProbe.psnr(input, 0, 0, output, 720, 0, 720, 528);
        System.out.printf("frame 120: left half vs input %.1f dB, right half vs input %.1f dB%n", left, right);
        assertTrue(left > 32, "left half is the input frame: " + left + " dB");
        assertTrue(right < left - 3, "right half is a synthesized view, not a copy: " + right + " dB");
    }

    @Test
    void aPartConvertsWithStartAndDurationIntoMkv() throws Exception {
        Path out = dir.resolve("part.mkv");
        CliRun r = convert(Samples.file("video/Megamind.avi").toString(), "--start", "2", "--duration", "1.5", "--layout", "hsbs",
                "--eyes", "right", "--crf", "28", "-o", out.toString());
        assertEquals(0, r.status(), r.toString());
        VideoProbe p = VideoProbe.of(out);
        assertEquals("matroska,webm", p.format());
        assertEquals(720, p.width(), "half side-by-side keeps the width");
        assertEquals(1.5 * 23.976, p.frames(), 1.01, "1.5 s of frames");
        assertTrue(p.videoMicros().get(0) < 42_000, "starts at the beginning of the part: " + p.videoMicros().get(0));
        assertEquals(1.5, p.audioSeconds(), 2 / 23.976, "1.5 s of audio");
        assertFalse(r.err().contains("warning:"), r.err());
    }

    @Test
    void aTruncatedVideoConvertsWhatItCanAndReportsWhereItStopped() throws Exception {
        byte[] whole = Files.readAllBytes(Samples.file("video/Megamind.avi"));
        Path cut = dir.resolve("cut.avi");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        Path out = dir.resolve("cut.mp4");
        CliRun r = convert(cut.toString(), "--layout", "hsbs", "--eyes", "right", "-o", out.toString());
        System.out.println(r.err());
        assertEquals(0, r.status(), "a damaged input converts as far as it can be read: " + r);
        List<String> warnings = r.err().lines().filter(l -> l.startsWith("warning:")).toList();
        assertEquals(1, warnings.size(), r.err());
        String w = warnings.get(0);
        assertTrue(w.contains("cut.avi") && w.contains("ends early"), w);
        // half the bytes hold frames up to about 5.3 s of the 11.26 s the header declares
        assertTrue(w.matches(".* 1[23]\\d frames read of the 270 it declares; it stops at 5\\.\\d{3} s of 11\\.261 s.*"), w);
        VideoProbe p = VideoProbe.of(out);
        assertTrue(p.frames() >= 120 && p.frames() <= 140, "about half the frames: " + p.frames());
        assertTrue(w.contains(" " + p.frames() + " frames read"), "the warning counts what was written: " + w);
        // The audio the cut file still holds is kept: up to where the video stops, or a little
        // further, as audio is stored ahead of the video it goes with.
        double videoSeconds = p.frames() / 23.976;
        assertTrue(p.audioSeconds() > videoSeconds - 2 / 23.976 && p.audioSeconds() < videoSeconds + 1,
                "audio " + p.audioSeconds() + " s for " + videoSeconds + " s of video");
    }

    @Test
    void unusableInputsAndOutputsFailAtOnceWithOneLine() throws Exception {
        Path text = dir.resolve("notes.mp4");
        Files.writeString(text, "this is not a video\n");
        Path out = dir.resolve("o.mp4");
        // A model that does not exist: the video is checked first, before any model is loaded.
        CliRun r = CliRun.of("convert", text.toString(), "--model", dir.resolve("none.onnx").toString(), "-o", out.toString());
        assertOneLine(r, 1, "notes.mp4", "not a video");

        r = CliRun.of("convert", dir.resolve("missing.mkv").toString(), "--model", model.toString(), "-o", out.toString());
        assertOneLine(r, 1, "missing.mkv", "no such file");

        r = convert(Samples.file("video/tree.avi").toString(), "-o", dir.resolve("o.avi").toString());
        assertOneLine(r, 1, "o.avi", "unknown video type", ".mp4 or .mkv");

        r = CliRun.of("convert", Samples.file("video/tree.avi").toString(), "--depth", "samples/aloe/aloeGT.png", "-o", out.toString());
        assertOneLine(r, 1, "tree.avi", "depth model");

        assertEquals(2, convert(Samples.file("video/tree.avi").toString(), "--crf", "60", "-o", out.toString()).status());
        assertEquals(2, convert(Samples.file("video/tree.avi").toString(), "--start", "soon", "-o", out.toString()).status());
        assertEquals(2, convert(Samples.file("video/tree.avi").toString(), "--codec", "vp9", "-o", out.toString()).status());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("notes.mp4"), files.map(p -> p.getFileName().toString()).toList(), "nothing written");
        }
    }

    @Test
    void h265EitherEncodesOrSaysWhyNot() throws Exception {
        Path out = dir.resolve("tree.mp4");
        CliRun r = convert(Samples.file("video/tree.avi").toString(), "--codec", "h265", "--duration", "1", "-o", out.toString());
        if (r.status() == 0) {
            // an FFmpeg with libx265, or a machine with NVENC
            assertEquals("hevc", VideoProbe.of(out).videoCodec());
        } else {
            assertOneLine(r, 1, "--codec h265", "libx265", "hevc_nvenc");
            assertFalse(Files.exists(out));
        }
    }

    /** The failure status and one error line (the command's, "convert: ...") naming the parts; informational lines aside. */
    private static void assertOneLine(CliRun r, int status, String... parts) {
        assertEquals(status, r.status(), r.toString());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("convert:")).toList();
        assertEquals(1, errors.size(), "one line of error expected: " + r);
        for (String p : parts) assertTrue(errors.get(0).contains(p), "'" + p + "' missing in: " + errors.get(0));
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
