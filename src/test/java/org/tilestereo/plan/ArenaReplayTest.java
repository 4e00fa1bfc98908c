package org.tilestereo.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime's CPU arena replayed on sequences worked out by hand. MiB = 1 << 20; regions start at
 * 1 MiB and double; a chunk is split only when at least twice the request (or 128 MiB over).
 */
class ArenaReplayTest {
    static final long MiB = 1 << 20;

    static BufferLife buffer(long bytes, int start, int end) {
        return new BufferLife(bytes, start, end, false);
    }

    @Test
    void regionsDoubleUntilTheRequestFitsThenDoubleAfterARegionThatDidNot() {
        // 3 MiB: 1 -> 2 -> 4 MiB region (doubled, so the next region stays 4 MiB); the 4 MiB chunk is not
        // split for 3 MiB (4 < 2 x 3): the whole region is handed out.
        // Second 3 MiB (both live): a new 4 MiB region (not doubled, so the next one is 8 MiB).
        // 5 MiB (all three live): an 8 MiB region. Regions 16 MiB; written 3 + 3 + 5 = 11 MiB.
        ArenaReplay arena = new ArenaReplay();
        arena.run(List.of(buffer(3 * MiB, 0, 2), buffer(3 * MiB, 1, 2), buffer(5 * MiB, 2, 2)));
        assertEquals(16 * MiB, arena.regionBytes());
        assertEquals(11 * MiB, arena.touchedBytes());
    }

    @Test
    void aRunRepeatedFindsItsChunksFreeAndWritesNothingNew() {
        List<BufferLife> run = List.of(buffer(3 * MiB, 0, 1), buffer(3 * MiB, 1, 2), buffer(5 * MiB, 2, 2));
        assertEquals(ArenaReplay.resident(List.of(run)), ArenaReplay.resident(List.of(run, run, run)));
    }

    @Test
    void aLargeChunkIsSplitAndTheRestServesTheNextRequest() {
        // 8 MiB lives alone at step 0 (regions 8 MiB), then dies. Step 1: 3 MiB takes the free 8 MiB chunk,
        // split (8 >= 2 x 3) into 3 + 5; step 2: 5 MiB (3 MiB still live) takes the 5 MiB rest exactly.
        // No new region; written: the first 8 MiB cover both.
        ArenaReplay arena = new ArenaReplay();
        arena.run(List.of(buffer(8 * MiB, 0, 0), buffer(3 * MiB, 1, 2), buffer(5 * MiB, 2, 2)));
        assertEquals(8 * MiB, arena.regionBytes());
        assertEquals(8 * MiB, arena.touchedBytes());
    }

    @Test
    void bestFitTakesTheSmallestFreeChunkThatHolds() {
        // Step 0: A 2 MiB (region 2 MiB, next 2 -> after a doubled region stays 2), B 6 MiB (region 8 MiB,
        // doubled, next stays 8) both live; both die after step 0. Step 1: 1.5 MiB takes A's 2 MiB chunk
        // (smaller than B's 8 MiB), not split (2 < 3). Written: 2 + 6 MiB; nothing new at step 1.
        ArenaReplay arena = new ArenaReplay();
        arena.run(List.of(buffer(2 * MiB, 0, 0), buffer(6 * MiB, 0, 0), buffer(3 * MiB / 2, 1, 1)));
        assertEquals(10 * MiB, arena.regionBytes());
        assertEquals(8 * MiB, arena.touchedBytes());
    }

    @Test
    void freedNeighboursMergeSoALaterLargerRequestFitsWithoutANewRegion() {
        // Step 0: 8 MiB (region 8 MiB); dies. Step 1: 2 MiB and 2 MiB split the free chunk into 2 + 2 + 4;
        // both die and the three pieces merge back. Step 2: 7 MiB fits the merged 8 MiB: no new region.
        ArenaReplay arena = new ArenaReplay();
        arena.run(List.of(buffer(8 * MiB, 0, 0), buffer(2 * MiB, 1, 1), buffer(2 * MiB, 1, 1), buffer(7 * MiB, 2, 2)));
        assertEquals(8 * MiB, arena.regionBytes());
    }

    @Test
    void onlyWrittenPagesAreResidentAndTheCallersBuffersAddOutsideTheArena() {
        // 5 MiB -> an 8 MiB region, not split (8 < 10): 5 MiB written of 8. The 1 MiB input is the caller's.
        List<BufferLife> run = List.of(new BufferLife(MiB, 0, 0, true), buffer(5 * MiB, 0, 0));
        assertEquals(6 * MiB, ArenaReplay.resident(List.of(run)));
        // Pages: 1 byte writes a whole 4 KiB page.
        assertEquals(4096, ArenaReplay.resident(List.of(List.of(buffer(1, 0, 0)))));
    }
}
