package org.tilestereo.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import org.tilestereo.models.Sha256;
import org.tilestereo.io.OutputFile;

/**
 * Serialized TensorRT engines in a folder, one file per {@link EngineCacheKey}. An entry is a
 * header (magic, format version, the key as JSON, payload length, payload SHA-256) and the payload.
 * An entry is used only if its key is the one asked for and its payload is intact; a stale (other
 * key, other format) or corrupt (truncated, bad checksum) entry is reported so that it is rebuilt
 * and replaced, never handed to TensorRT. Entries are written to a temporary file and renamed, so a
 * crash mid-write leaves no half entry under the real name.
 */
public final class EngineCache {
    static final byte[] MAGIC = "TSENGINE".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 1;
    private static final int MAX_KEY_BYTES = 1 << 16;

    public enum State { HIT, MISSING, STALE, CORRUPT }

    /** The answer to a lookup: the payload on a hit, otherwise why there is none. */
    public record Entry(State state, ByteBuffer engine, Path file, String reason) {
        public boolean hit() {
            return state == State.HIT;
        }
    }

    private final Path folder;

    public EngineCache(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    public Path fileOf(EngineCacheKey key) {
        return folder.resolve(key.fileName());
    }

    /** Looks the key up; the payload of a hit is a read-only mapping of the file. Never throws for a bad entry. */
    public Entry load(EngineCacheKey key) {
        Path file = fileOf(key);
        MappedByteBuffer map;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                return new Entry(State.CORRUPT, null, file, "larger than 2 GiB");
            }
            map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        } catch (NoSuchFileException e) {
            return new Entry(State.MISSING, null, file, "not built yet");
        } catch (IOException e) {
            return new Entry(State.CORRUPT, null, file, "unreadable (" + e.getMessage() + ")");
        }
        return check(map.order(ByteOrder.BIG_ENDIAN), key, file);
    }

    private static Entry check(ByteBuffer b, EngineCacheKey key, Path file) {
        if (b.remaining() < MAGIC.length + 4 || !Arrays.equals(bytes(b, MAGIC.length), MAGIC)) {
            return new Entry(State.CORRUPT, null, file, "not a tilestereo engine file (bad header)");
        }
        int format = b.getInt();
        if (format != FORMAT) {
            return new Entry(State.STALE, null, file, "written in cache format " + format + ", this version uses " + FORMAT);
        }
        if (b.remaining() < 4) {
            return truncated(file);
        }
        int keyLength = b.getInt();
        if (keyLength < 0 || keyLength > MAX_KEY_BYTES || b.remaining() < keyLength + 8 + 32) {
            return truncated(file);
        }
        String storedKey = new String(bytes(b, keyLength), StandardCharsets.UTF_8);
        if (!storedKey.equals(key.toJson())) {
            return new Entry(State.STALE, null, file, "built for another key " + storedKey);
        }
        long length = b.getLong();
        byte[] sha = bytes(b, 32);
        if (length < 0 || length != b.remaining()) {
            return new Entry(State.CORRUPT, null, file, "truncated or padded: payload of " + b.remaining()
                    + " bytes where the header says " + length);
        }
        ByteBuffer payload = b.slice();
        MessageDigest d = Sha256.digest();
        d.update(payload.duplicate());
        if (!MessageDigest.isEqual(d.digest(), sha)) {
            return new Entry(State.CORRUPT, null, file, "payload checksum mismatch");
        }
        return new Entry(State.HIT, payload.asReadOnlyBuffer(), file, "");
    }

    private static Entry truncated(Path file) {
        return new Entry(State.CORRUPT, null, file, "truncated header");
    }

    private static byte[] bytes(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    /** Writes the engine's remaining bytes under the key, replacing what was there. */
    public Path store(EngineCacheKey key, ByteBuffer engine) throws IOException {
        Files.createDirectories(folder);
        Path file = fileOf(key);
        byte[] keyBytes = key.toJson().getBytes(StandardCharsets.UTF_8);
        MessageDigest d = Sha256.digest();
        d.update(engine.duplicate());
        ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 4 + 4 + keyBytes.length + 8 + 32).order(ByteOrder.BIG_ENDIAN);
        header.put(MAGIC).putInt(FORMAT).putInt(keyBytes.length).put(keyBytes).putLong(engine.remaining()).put(d.digest()).flip();
        // Through OutputFile: the temporary is removed on failure, on Ctrl-C or SIGTERM, and after a day if killed.
        try (OutputFile entry = OutputFile.begin(file, true)) {
            Path tmp = entry.temp();
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer body = engine.duplicate();
                while (header.hasRemaining()) {
                    out.write(header);
                }
                while (body.hasRemaining()) {
                    out.write(body);
                }
                out.force(true);
            }
            entry.commit();
        } catch (org.tilestereo.io.InputException e) {
            throw new IOException(e.getMessage(), e);
        }
        return file;
    }

    /** Deletes the entry (after TensorRT itself refused it, say). */
    public void invalidate(EngineCacheKey key) throws IOException {
        Files.deleteIfExists(fileOf(key));
    }

    /** Builds the engine (and stores it) unless a valid entry exists; says on log what it did with a bad one. */
    public ByteBuffer loadOrBuild(EngineCacheKey key, EngineBuild build, PrintStream log) throws Exception {
        Entry e = load(key);
        if (e.hit()) {
            return e.engine();
        }
        if (e.state() != State.MISSING) {
            log.println("note: engine cache: " + e.file().getFileName() + " is " + e.state().name().toLowerCase()
                    + " (" + e.reason() + "); rebuilding it");
            try {
                invalidate(key);
            } catch (IOException io) {
                // replaced by store() below, or, if the folder is unusable, not kept at all
            }
        }
        ByteBuffer engine = build.build();
        try {
            store(key, engine);
        } catch (IOException io) {
            log.println("note: engine cache: cannot write " + fileOf(key) + " (" + io.getMessage() + "); the engine is used"
                    + " without being kept");
        }
        return engine;
    }

    /** Builds a serialized engine. */
    @FunctionalInterface
    public interface EngineBuild {
        ByteBuffer build() throws Exception;
    }
}
