package org.tilestereo.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The resident memory of ONNX Runtime's CPU arena over a sequence of inferences, by replaying their
 * allocations through the arena's rules. Live tensors alone miss what the arena keeps: it takes memory
 * from the system in regions, never gives it back, and pages of a region count once first written.
 *
 * <p>The rules replayed (ONNX Runtime's best-fit-with-coalescing arena, its defaults on the CPU):
 * <ul>
 * <li>requests are rounded up to 256 bytes;</li>
 * <li>a request takes the smallest free chunk that holds it (the lowest address among equals); the
 *     chunk is split only if it is at least twice the request or would waste 128 MiB or more, otherwise
 *     the whole chunk is handed out;</li>
 * <li>with no free chunk large enough the arena adds a region: the next region size doubles from
 *     1 MiB until it holds the request, and after a region that did not need doubling the next one is
 *     twice as large ("next power of two");</li>
 * <li>a freed chunk merges with free neighbours of its region; regions are never returned;</li>
 * <li>a region's pages become resident when first written: a chunk's first {@code request} bytes
 *     are written by the op that produced the tensor. Resident pages stay resident.</li>
 * </ul>
 * Inside one step the node's outputs are allocated in order, then the buffers whose last use it was
 * are freed. Buffers the caller provides (graph inputs) are resident for the run, outside the arena.
 */
public final class ArenaReplay {
    static final long ALIGNMENT = 256;
    static final long FIRST_REGION = 1L << 20;
    static final long MAX_DEAD_BYTES = 128L << 20;
    static final long PAGE = 4096;

    private final List<long[]> regions = new ArrayList<>();  // {base, size}
    private final TreeMap<Long, Chunk> chunks = new TreeMap<>();
    private final TreeSet<Chunk> free = new TreeSet<>(Comparator.comparingLong((Chunk c) -> c.size).thenComparingLong(c -> c.address));
    /** Written pages per region base: start page to end page (exclusive), disjoint. */
    private final TreeMap<Long, Long> touched = new TreeMap<>();
    private long touchedBytes;
    private long nextRegion = FIRST_REGION;
    private long regionBytes;

    private static final class Chunk {
        final long address;
        long size;
        final long regionEnd;
        boolean inUse;

        Chunk(long address, long size, long regionEnd) {
            this.address = address;
            this.size = size;
            this.regionEnd = regionEnd;
        }
    }

    /**
     * The most resident memory while the runs execute one after another in one session: the arena's
     * written pages plus the caller's buffers of the run in progress.
     */
    public static long resident(List<List<BufferLife>> runs) {
        ArenaReplay arena = new ArenaReplay();
        long most = 0;
        for (List<BufferLife> run : runs) {
            long external = 0;
            for (BufferLife b : run) {
                if (b.external()) {
                    external += b.bytes();
                }
            }
            arena.run(run);
            most = Math.max(most, arena.touchedBytes + external);
        }
        return most;
    }

    /** Memory the arena has taken from the system (regions), after the runs replayed so far. */
    long regionBytes() {
        return regionBytes;
    }

    long touchedBytes() {
        return touchedBytes;
    }

    /** Replays one inference; everything it allocated is free again afterwards. */
    void run(List<BufferLife> buffers) {
        int steps = 0;
        for (BufferLife b : buffers) {
            steps = Math.max(steps, b.end() + 1);
        }
        List<List<Integer>> startAt = new ArrayList<>();
        List<List<Integer>> endAt = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            startAt.add(new ArrayList<>());
            endAt.add(new ArrayList<>());
        }
        for (int k = 0; k < buffers.size(); k++) {
            BufferLife b = buffers.get(k);
            if (!b.external() && b.bytes() > 0) {
                startAt.get(b.start()).add(k);
                endAt.get(b.end()).add(k);
            }
        }
        Map<Integer, Chunk> held = new java.util.HashMap<>();
        for (int i = 0; i < steps; i++) {
            for (int k : startAt.get(i)) {
                held.put(k, allocate(buffers.get(k).bytes()));
            }
            for (int k : endAt.get(i)) {
                release(held.remove(k));
            }
        }
    }

    Chunk allocate(long bytes) {
        long rounded = Math.max(ALIGNMENT, (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT);
        Chunk c = bestFit(rounded);
        if (c == null) {
            extend(rounded);
            c = bestFit(rounded);
        }
        free.remove(c);
        if (c.size >= 2 * rounded || c.size - rounded >= MAX_DEAD_BYTES) {
            Chunk rest = new Chunk(c.address + rounded, c.size - rounded, c.regionEnd);
            c.size = rounded;
            chunks.put(rest.address, rest);
            free.add(rest);
        }
        c.inUse = true;
        touch(c.address, c.address + bytes);
        return c;
    }

    void release(Chunk c) {
        c.inUse = false;
        Map.Entry<Long, Chunk> next = chunks.higherEntry(c.address);
        if (next != null && !next.getValue().inUse && c.address + c.size == next.getKey() && next.getKey() < c.regionEnd) {
            free.remove(next.getValue());
            chunks.remove(next.getKey());
            c.size += next.getValue().size;
        }
        Map.Entry<Long, Chunk> prev = chunks.lowerEntry(c.address);
        if (prev != null && !prev.getValue().inUse && prev.getValue().regionEnd == c.regionEnd
                && prev.getKey() + prev.getValue().size == c.address) {
            free.remove(prev.getValue());
            chunks.remove(c.address);
            prev.getValue().size += c.size;
            c = prev.getValue();
        }
        free.add(c);
    }

    /** The smallest free chunk that holds the request, the lowest address among equals; null if none. */
    private Chunk bestFit(long rounded) {
        return free.ceiling(new Chunk(-1, rounded, 0));
    }

    private void extend(long rounded) {
        boolean doubled = false;
        while (rounded > nextRegion) {
            nextRegion *= 2;
            doubled = true;
        }
        long base = regions.isEmpty() ? 0 : regions.get(regions.size() - 1)[0] + regions.get(regions.size() - 1)[1];
        regions.add(new long[] {base, nextRegion});
        regionBytes += nextRegion;
        Chunk c = new Chunk(base, nextRegion, base + nextRegion);
        chunks.put(base, c);
        free.add(c);
        if (!doubled) {
            nextRegion *= 2;
        }
    }

    /** Marks [from, to) written, by whole pages, and counts pages not written before. */
    private void touch(long from, long to) {
        long start = from / PAGE * PAGE;
        long end = (to + PAGE - 1) / PAGE * PAGE;
        Map.Entry<Long, Long> before = touched.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
            touched.remove(before.getKey());
            touchedBytes -= before.getValue() - before.getKey();
        }
        Map.Entry<Long, Long> next;
        while ((next = touched.ceilingEntry(start)) != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            touched.remove(next.getKey());
            touchedBytes -= next.getValue() - next.getKey();
        }
        touched.put(start, end);
        touchedBytes += end - start;
    }
}
