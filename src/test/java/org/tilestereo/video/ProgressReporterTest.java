package org.tilestereo.video;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress: plain periodic lines off a terminal, a bar redrawn in place on one; share, fps and ETA from a clock. */
class ProgressReporterTest {
    private final long[] now = {0};
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainLinesAfterTheFirstFrameThenEveryInterval() {
        // 100 frames of 0.1 s: 10 s of media
        ProgressReporter p = new ProgressReporter(out, "clip.mp4", 10_000_000, false, 10_000, () -> now[0]);
        p.start();
        now[0] = 2_000_000_000L; // start-up: 2 s for the first frame
        p.frameDone(100_000);
        for (int i = 2; i <= 100; i++) {
            now[0] += 250_000_000L; // then 4 fps
            p.frameDone(i * 100_000L);
        }
        p.finish();
        List<String> lines = text().lines().toList();
        assertEquals("progress: clip.mp4: 1 frame (1%)", lines.get(0), "no rate from the start-up frame alone");
        assertEquals("progress: clip.mp4: 41 frames (41%), 4.0 fps, ETA 0:15", lines.get(1), "10 s later");
        assertEquals("progress: clip.mp4: 81 frames (81%), 4.0 fps, ETA 0:05", lines.get(2));
        assertEquals("progress: clip.mp4: 100 frames in 0:27, 3.7 fps", lines.get(3), "the end: all frames over all the time");
        assertEquals(4, lines.size());
        assertFalse(text().contains("\r"));
    }

    @Test
    void theShareDoneIsMediaTimeSoSparseFramesStillReachTheEnd() {
        // 5 pictures spread over 10 s (a variable frame rate file): 2 s each
        ProgressReporter p = new ProgressReporter(out, "vfr.avi", 10_000_000, false, 0, () -> now[0]);
        p.start();
        for (int i = 1; i <= 5; i++) {
            now[0] += 1_000_000_000L;
            p.frameDone(i * 2_000_000L);
        }
        List<String> lines = text().lines().toList();
        assertEquals("progress: vfr.avi: 3 frames (60%), 1.0 fps, ETA 0:02", lines.get(2));
        assertEquals("progress: vfr.avi: 5 frames (100%), 1.0 fps, ETA 0:00", lines.get(4));
    }

    @Test
    void aBarRedrawnInPlaceOnATerminal() {
        ProgressReporter p = new ProgressReporter(out, "clip.mp4", 5_000_000, true, 10_000, () -> now[0]);
        p.start();
        for (int i = 1; i <= 10; i++) {
            now[0] += 500_000_000L;
            p.frameDone(i * 500_000L);
        }
        p.finish();
        String t = text();
        assertTrue(t.startsWith("\rclip.mp4 [###---------------------------] 1 frame (10%)"), t);
        assertTrue(t.contains("\rclip.mp4 [###############---------------] 5 frames (50%), 2.0 fps, ETA 0:03"), t);
        assertTrue(t.contains("\rclip.mp4: 10 frames in 0:05, 2.0 fps"), t);
        assertTrue(t.endsWith(System.lineSeparator()), "the bar's line is closed at the end");
        assertEquals(1, t.chars().filter(c -> c == '\n').count(), "one line, redrawn in place");
    }

    @Test
    void unknownDurationsShowCountsOnly() {
        ProgressReporter p = new ProgressReporter(out, "x", 0, false, 1000, () -> now[0]);
        p.start();
        now[0] = 1_000_000_000L;
        p.frameDone(40_000);
        now[0] = 3_000_000_000L;
        p.frameDone(80_000);
        assertEquals(List.of("progress: x: 1 frame", "progress: x: 2 frames, 0.5 fps"), text().lines().toList());
    }
}
