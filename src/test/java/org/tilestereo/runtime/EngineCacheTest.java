package org.tilestereo.runtime;

import org.tilestereo.plan.Precision;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries round-trip; stale and corrupt ones are detected, rebuilt and replaced, never returned. */
class EngineCacheTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    static byte[] engine(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private final EngineCacheKey key = EngineCacheKeyTest.key();
    private final EngineCacheKey otherKey = new EngineCacheKey(key.modelSha256(), key.gpuName(), key.computeCapability(),
            key.tensorRtVersion(), Precision.INT8, key.profile(), key.workspaceBytes(), "input:" + "0".repeat(64));

    @Test
    void anEntryRoundTrips() throws Exception {
        EngineCache cache = new EngineCache(dir.resolve("engines"));
        assertEquals(EngineCache.State.MISSING, cache.load(key).state());
        byte[] plan = engine(100_000, 1);
        Path file = cache.store(key, ByteBuffer.wrap(plan));
        assertEquals(dir.resolve("engines").resolve(key.fileName()), file);
        EngineCache.Entry e = cache.load(key);
        assertTrue(e.hit(), e.reason());
        assertArrayEquals(plan, bytes(e.engine()));
        assertEquals(EngineCache.State.MISSING, cache.load(otherKey).state());
        try (Stream<Path> s = Files.list(dir.resolve("engines"))) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void anEntryOfAnotherKeyIsStale() throws Exception {
        EngineCache cache = new EngineCache(dir);
        cache.store(otherKey, ByteBuffer.wrap(engine(1000, 2)));
        Files.copy(cache.fileOf(otherKey), cache.fileOf(key));
        EngineCache.Entry e = cache.load(key);
        assertEquals(EngineCache.State.STALE, e.state());
        assertNull(e.engine());
        assertTrue(e.reason().contains("another key") && e.reason().contains("\"precision\":\"int8\""), e.reason());
    }

    @Test
    void damagedEntriesAreCorrupt() throws Exception {
        EngineCache cache = new EngineCache(dir);
        byte[] plan = engine(5000, 3);
        Path file = cache.store(key, ByteBuffer.wrap(plan));
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[flipped.length - 100] ^= 0x10;
        Files.write(file, flipped);
        assertCorrupt(cache, "checksum");

        Files.write(file, Arrays.copyOf(good, good.length - 1));
        assertCorrupt(cache, "truncated");

        Files.write(file, Arrays.copyOf(good, 30));
        assertCorrupt(cache, "truncated");

        Files.write(file, "not an engine at all".getBytes(StandardCharsets.US_ASCII));
        assertCorrupt(cache, "bad header");

        Files.write(file, new byte[0]);
        assertCorrupt(cache, "bad header");

        byte[] otherFormat = good.clone();
        otherFormat[EngineCache.MAGIC.length + 3] = 7;
        Files.write(file, otherFormat);
        assertEquals(EngineCache.State.STALE, cache.load(key).state());
        assertTrue(cache.load(key).reason().contains("format 7"));

        Files.write(file, good);
        assertTrue(cache.load(key).hit(), "the intact bytes load again");
    }

    private void assertCorrupt(EngineCache cache, String why) {
        EngineCache.Entry e = cache.load(key);
        assertEquals(EngineCache.State.CORRUPT, e.state(), e.reason());
        assertNull(e.engine());
        assertTrue(e.reason().contains(why), e.reason());
    }

    @Test
    void loadOrBuildBuildsOnceThenHitsAndRebuildsABadEntry() throws Exception {
        EngineCache cache = new EngineCache(dir);
        AtomicInteger builds = new AtomicInteger();
        byte[] plan = engine(20_000, 4);
        EngineCache.EngineBuild build = () -> {
            builds.incrementAndGet();
            return ByteBuffer.wrap(plan);
        };
        assertArrayEquals(plan, bytes(cache.loadOrBuild(key, build, log)));
        assertArrayEquals(plan, bytes(cache.loadOrBuild(key, build, log)));
        assertEquals(1, builds.get(), "the second call is a cache hit");

        byte[] onDisk = Files.readAllBytes(cache.fileOf(key));
        onDisk[onDisk.length - 1] ^= 1;
        Files.write(cache.fileOf(key), onDisk);
        assertArrayEquals(plan, bytes(cache.loadOrBuild(key, build, log)), "the corrupt entry was not returned");
        assertEquals(2, builds.get());
        assertTrue(cache.load(key).hit(), "and it was replaced by a good one");
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("is corrupt (payload checksum mismatch); rebuilding it"),
                logBytes.toString(StandardCharsets.UTF_8));

        // A stale entry (another key's bytes under this name) is rebuilt the same way.
        cache.store(otherKey, ByteBuffer.wrap(engine(300, 5)));
        Files.copy(cache.fileOf(otherKey), cache.fileOf(key), StandardCopyOption.REPLACE_EXISTING);
        assertArrayEquals(plan, bytes(cache.loadOrBuild(key, build, log)));
        assertEquals(3, builds.get());
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("is stale"), logBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnwritableCacheStillYieldsTheEngine() throws Exception {
        Path blocker = Files.writeString(dir.resolve("file-not-folder"), "x");
        EngineCache cache = new EngineCache(blocker.resolve("engines"));
        byte[] plan = engine(1000, 6);
        assertArrayEquals(plan, bytes(cache.loadOrBuild(key, () -> ByteBuffer.wrap(plan), log)));
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("without being kept"), logBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void calibrationTablesAreKeptPerModelShapeAndSource() throws Exception {
        String sha = EngineCacheKeyTest.SHA;
        InputShape s = new InputShape(1, 518, 518);
        CalibrationCache c = new CalibrationCache(dir, sha, "10.15.1", s, "folder:a");
        assertTrue(c.read().isEmpty());
        byte[] table = "TRT-101501-EntropyCalibration2\ninput: 3c010a14\n".getBytes(StandardCharsets.US_ASCII);
        c.write(table);
        assertArrayEquals(table, c.read().orElseThrow());
        assertArrayEquals(table, new CalibrationCache(dir, sha, "10.15.1", s, "folder:a").read().orElseThrow());
        assertTrue(new CalibrationCache(dir, sha, "10.15.1", s, "folder:b").read().isEmpty(), "other images, other table");
        assertTrue(new CalibrationCache(dir, sha, "10.16.0", s, "folder:a").read().isEmpty(), "other TensorRT, other table");
        assertTrue(new CalibrationCache(dir, sha, "10.15.1", new InputShape(1, 518, 700), "folder:a").read().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> c.write(new byte[0]));
        Files.write(c.file(), new byte[0]);
        assertTrue(c.read().isEmpty(), "an empty table counts as none");
    }
}
