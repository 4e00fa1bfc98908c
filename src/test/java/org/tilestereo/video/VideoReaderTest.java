package org.tilestereo.video;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.image.RgbImage;
import org.tilestereo.io.InputException;
import org.tilestereo.testing.Samples;

/** The reader: damage found and located, seeking exact, unreadable inputs refused at once. */
class VideoReaderTest {
    @TempDir
    Path dir;

    @Test
    void garbageInTheMiddleIsReportedWithItsTimeAndReadingGoesOn() throws Exception {
        byte[] b = Files.readAllBytes(Samples.file("video/Megamind.avi"));
        int at = (int) (b.length * 0.4);
        Random r = new Random(1);
        for (int i = at; i < at + 3000; i++) b[i] = (byte) r.nextInt(256);
        Path garbled = dir.resolve("garbled.avi");
        Files.write(garbled, b);
        int frames = 0;
        try (VideoReader reader = VideoReader.open(garbled, 0, 0)) {
            RgbImage img = new RgbImage(720, 528);
            List<AudioPacket> audio = new ArrayList<>();
            while (reader.read(img, audio)) {
                frames++;
                for (AudioPacket p : audio) p.free();
                audio.clear();
            }
            InputDamage damage = reader.damage();
            List<String> lines = damage.describe("garbled.avi");
            System.out.println(frames + " frames; " + lines);
            assertTrue(damage.damagedFrames() >= 1, lines.toString());
            assertFalse(damage.truncated(), "the file goes on to its end");
            // 40% of the bytes is about 40% into the 11.26 s clip
            assertTrue(lines.get(0).matches("garbled\\.avi: \\d+ damaged frames? \\(decoded with errors or not at all\\) at [3-5]\\.\\d{3} s.*"),
                    lines.get(0));
        }
        assertTrue(frames >= 260 && frames < 270, "all but the destroyed frames: " + frames);
    }

    @Test
    void startingLaterGivesExactlyTheFramesFromThere() throws Exception {
        List<RgbImage> all = TestClips.frames(Samples.file("video/Megamind.avi"), 130);
        try (VideoReader reader = VideoReader.open(Samples.file("video/Megamind.avi"), 5_000_000, 1_000_000)) {
            RgbImage img = new RgbImage(720, 528);
            List<AudioPacket> audio = new ArrayList<>();
            assertTrue(reader.read(img, audio));
            // frame i of Megamind is at (i + 1) * 125/2997 s: the first at or after 5 s is frame 119
            assertArrayEquals(all.get(119).data(), img.data(), "seek + decode gives the same picture as decoding from the start");
            assertEquals(0, reader.pts(), 1, "timestamps count from the start of the part");
            int frames = 1;
            long audioPackets = audio.size();
            while (reader.read(img, audio)) frames++;
            audioPackets = audio.size();
            for (AudioPacket p : audio) p.free();
            assertEquals(24, frames, 1, "one second of frames");
            assertEquals(1.0 / 0.032, audioPackets, 2, "one second of 32 ms AC-3 packets");
        }
    }

    @Test
    void unreadableInputsFailAtOnceNamingTheFile() throws Exception {
        Path noise = dir.resolve("noise.mkv");
        byte[] b = new byte[20000];
        new Random(2).nextBytes(b);
        Files.write(noise, b);
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        for (Path p : new Path[] {noise, empty, dir.resolve("missing.avi"), dir}) {
            InputException e = assertThrows(InputException.class, () -> VideoReader.open(p, 0, 0).close());
            assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
        InputException past = assertThrows(InputException.class,
                () -> VideoReader.open(Samples.file("video/tree.avi"), 60_000_000, 0).close());
        assertTrue(past.getMessage().contains("past the end"), past.getMessage());
    }
}
