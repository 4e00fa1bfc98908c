package org.tilestereo.video;

import static org.junit.jupiter.api.Assertions.*;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_PCM_S16LE;

import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.image.RgbImage;
import org.tilestereo.testing.Samples;

/** The writer: timestamps kept (even variable frame rates), audio copied or re-encoded to AAC, odd sizes padded. */
class VideoWriterTest {
    @TempDir
    Path dir;

    /** Reads source and writes every frame unchanged (a remux through decode and encode); returns the audio notes. */
    private static List<String> copy(Path source, Path target, Container container) throws Exception {
        try (VideoReader r = VideoReader.open(source, 0, 0)) {
            VideoInfo info = r.info();
            try (VideoWriter w = VideoWriter.open(target, container, VideoCodec.H264, 23, info.width(), info.height(), r)) {
                RgbImage img = new RgbImage(info.width(), info.height());
                List<AudioPacket> audio = new ArrayList<>();
                boolean more;
                do {
                    more = r.read(img, audio);
                    for (AudioPacket p : audio) w.writeAudio(p);
                    audio.clear();
                    if (more) w.writeFrame(img, r.pts());
                } while (more);
                w.finish();
                return w.audioNotes();
            }
        }
    }

    @Test
    void aVariableFrameRateInputKeepsItsTimestamps() throws Exception {
        // tree.avi stores 68 pictures over 444 frame slots (the rest are "repeat" chunks)
        Path out = dir.resolve("tree.mp4");
        List<String> notes = copy(Samples.file("video/tree.avi"), out, Container.MP4);
        assertEquals(List.of(), notes, "tree.avi has no audio");
        VideoProbe in = VideoProbe.of(Samples.file("video/tree.avi")), result = VideoProbe.of(out);
        assertEquals(in.frames(), result.frames());
        for (int i = 0; i < in.frames(); i++) {
            assertEquals(in.videoMicros().get(i), result.videoMicros().get(i), 1000, "frame " + i);
        }
        // (an MP4 reader derives the rate from count and span: 68 pictures over 29.6 s, as the input shows them)
    }

    /** A 2 s AVI with PCM audio: a codec MP4 players do not expect, which Matroska holds as it is. */
    private Path pcmClip() throws Exception {
        Path clip = dir.resolve("pcm.avi");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(clip.toFile(), 160, 120, 2)) {
            rec.setFormat("avi");
            rec.setVideoCodec(AV_CODEC_ID_MPEG4);
            rec.setFrameRate(25);
            rec.setAudioCodec(AV_CODEC_ID_PCM_S16LE);
            rec.setSampleRate(44100);
            rec.setAudioChannels(2);
            rec.start();
            Frame picture = new Frame(160, 120, Frame.DEPTH_UBYTE, 3);
            int perFrame = 44100 / 25;
            long sample = 0;
            for (int f = 0; f < 50; f++) {
                java.nio.ByteBuffer px = (java.nio.ByteBuffer) picture.image[0];
                for (int i = 0; i < px.capacity(); i++) px.put(i, (byte) (i * 7 + f * 3));
                rec.record(picture);
                ShortBuffer pcm = ShortBuffer.allocate(2 * perFrame);
                for (int i = 0; i < perFrame; i++, sample++) {
                    short v = (short) (8000 * Math.sin(2 * Math.PI * 440 * sample / 44100.0));
                    pcm.put(v).put(v);
                }
                pcm.flip();
                rec.recordSamples(44100, 2, pcm);
            }
            rec.stop();
        }
        return clip;
    }

    @Test
    void audioMp4CannotTakeIsReencodedToAacAndSaidSo() throws Exception {
        Path clip = pcmClip();
        VideoProbe in = VideoProbe.of(clip);
        assertEquals("pcm_s16le", in.audioCodec());

        Path mp4 = dir.resolve("pcm.mp4");
        List<String> notes = copy(clip, mp4, Container.MP4);
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("re-encoded to AAC"), notes.get(0));
        VideoProbe aac = VideoProbe.of(mp4);
        System.out.printf("pcm_s16le %.3f s -> %s %.3f s, %d Hz %d ch%n", in.audioSeconds(), aac.audioCodec(),
                aac.audioSeconds(), aac.sampleRate(), aac.audioChannels());
        assertEquals("aac", aac.audioCodec());
        assertEquals(44100, aac.sampleRate());
        assertEquals(2, aac.audioChannels());
        assertEquals(in.audioSeconds(), aac.audioSeconds(), 0.05, "as long as the input's audio");
        assertEquals(50, aac.frames());

        Path mkv = dir.resolve("pcm.mkv");
        notes = copy(clip, mkv, Container.MKV);
        assertTrue(notes.get(0).endsWith(": copied"), notes.get(0));
        VideoProbe pcm = VideoProbe.of(mkv);
        assertEquals("pcm_s16le", pcm.audioCodec());
        assertEquals(in.audioSeconds(), pcm.audioSeconds(), 1e-3, "copied sample for sample");
    }

    @Test
    void oddSizesArePaddedAndTimestampsMustIncrease() throws Exception {
        Path out = dir.resolve("odd.mkv");
        try (VideoReader r = VideoReader.open(Samples.file("video/tree.avi"), 0, 0);
             VideoWriter w = VideoWriter.open(out, Container.MKV, VideoCodec.H264, 23, 33, 17, r)) {
            assertEquals("the frames are 33x17; encoded as 34x18 (4:2:0 video needs even sizes: the last column and row are"
                    + " repeated)", w.sizeNote(), "an odd size is said, not done silently");
            RgbImage img = org.tilestereo.testing.TestImages.randomRgb(33, 17, 1);
            w.writeFrame(img, 0);
            w.writeFrame(img, 1);
            assertThrows(IllegalArgumentException.class, () -> w.writeFrame(img, 1), "same timestamp twice");
            assertThrows(IllegalArgumentException.class, () -> w.writeFrame(new RgbImage(32, 17), 2), "another size");
            w.writeFrame(img, 2);
            w.finish();
        }
        VideoProbe p = VideoProbe.of(out);
        assertEquals(34, p.width());
        assertEquals(18, p.height());
        assertEquals(3, p.frames());
    }

    @Test
    void framesTooSmallForAnyEncoderSayThatNotTheFile() throws Exception {
        try (VideoReader r = VideoReader.open(Samples.file("video/tree.avi"), 0, 0)) {
            try (VideoWriter w = VideoWriter.open(dir.resolve("tiny.mp4"), Container.MP4, VideoCodec.H264, 23, 4, 2, r)) {
                System.out.println("4x2 opens here with " + w.encoderName());
            } catch (org.tilestereo.io.InputException e) {
                assertTrue(e.getMessage().contains("4x2") && e.getMessage().contains("too small to encode"), e.getMessage());
            }
        }
    }

    @Test
    void anOutputTooLargeForTheEncoderSaysWhichLayoutsFit() throws Exception {
        try (VideoReader r = VideoReader.open(Samples.file("video/tree.avi"), 0, 0)) {
            // 4K side by side: 7680x2160
            try (VideoWriter w = VideoWriter.open(dir.resolve("big.mp4"), Container.MP4, VideoCodec.H264, 23, 7680, 2160, r)) {
                System.out.println("7680x2160 opens here with " + w.encoderName());
            } catch (org.tilestereo.io.InputException e) {
                assertTrue(e.getMessage().contains("7680x2160") && e.getMessage().contains("--layout hsbs"), e.getMessage());
            }
        }
    }
}
