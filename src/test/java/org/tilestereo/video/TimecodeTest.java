package org.tilestereo.video;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TimecodeTest {
    @Test
    void secondsAndClockTimes() {
        assertEquals(12_500_000L, Timecode.parseMicros("12.5"));
        assertEquals(90_000_000L, Timecode.parseMicros("90"));
        assertEquals(90_000_000L, Timecode.parseMicros("1:30"));
        assertEquals(3_690_250_000L, Timecode.parseMicros("1:01:30.25"));
        assertEquals(500_000L, Timecode.parseMicros(".5"));
        assertEquals(0L, Timecode.parseMicros("0"));
    }

    @Test
    void anythingElseIsRefusedWithTheFormsItTakes() {
        for (String bad : new String[] {"", "soon", "-1", "1:60", "1:2:3:4", "1.5:00", "1e3", "1:", " : "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timecode.parseMicros(bad), bad);
            assertTrue(e.getMessage().contains("[h:]m:s"), e.getMessage());
        }
    }
}
