package org.tilestereo.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output written whole or not at all: checked before any work (folder exists, no unwanted
 * overwrite), written to a temporary file beside the target, then renamed over it. A failed or
 * interrupted run leaves the temporary file removed and any old output untouched: an exception
 * closes it, and Ctrl-C, SIGTERM or SIGHUP (the JVM's shutdown) removes every temporary still open,
 * saying so in one line. A process killed outright (SIGKILL) cannot clean up: temporaries of ours
 * ({@code .NAME.HEX.part}) older than a day are removed by the next output begun in that folder.
 */
public final class OutputFile implements AutoCloseable {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    /** The name of our temporaries: a dot, the target's name, a hex token, ".part". */
    static final java.util.regex.Pattern TEMPORARY = java.util.regex.Pattern.compile("^\\..+\\.[0-9a-f]{1,16}\\.part$");
    static final java.time.Duration STALE = java.time.Duration.ofDays(1);
    private static final java.util.Set<Path> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;
    private final Path target;
    private final boolean overwrite;
    private final Path temp;
    private boolean committed;

    private OutputFile(Path target, boolean overwrite, Path temp) {
        this.target = target;
        this.overwrite = overwrite;
        this.temp = temp;
    }

    /** Checks the target can be written; call before the expensive work so a bad path fails fast. */
    public static void check(Path target, boolean overwrite) throws InputException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InputException(target + ": folder " + (dir == null ? "/" : dir) + " does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new InputException(target + ": is a folder; give a file name");
        }
        if (Files.exists(abs) && !overwrite) {
            throw new InputException(target + ": already exists (use -y to overwrite)");
        }
        if (!Files.isWritable(dir)) {
            throw new InputException(target + ": folder " + dir + " is not writable");
        }
        // Permissions can say yes where the file system says no (/proc, a read-only mount, a full disk's
        // quota): try it, so the run fails now with the reason instead of after the work.
        Path probe = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(RANDOM.nextLong() >>> 16) + ".part");
        try {
            Files.createFile(probe);
            Files.deleteIfExists(probe);
        } catch (IOException e) {
            throw new InputException(target + ": cannot create files in " + dir + " (" + describe(e) + ")");
        }
    }

    /** An I/O failure in words: NIO's exceptions carry only the path as their message. */
    public static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "the file system refuses new files there";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Opens a temporary file beside target; {@link #commit()} renames it into place. */
    public static OutputFile begin(Path target, boolean overwrite) throws InputException, IOException {
        check(target, overwrite);
        Path abs = target.toAbsolutePath();
        removeStale(abs.getParent());
        hookOnce();
        // Not Files.createTempFile: that makes the file 0600, and the rename would hand the user an
        // output nobody else can read. createFile follows the umask like any other new file.
        for (int attempt = 0; ; attempt++) {
            Path temp = abs.resolveSibling("." + abs.getFileName() + "." + Long.toHexString(RANDOM.nextLong() >>> 16) + ".part");
            try {
                Files.createFile(temp);
                OPEN.add(temp);
                return new OutputFile(abs, overwrite, temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) throw e;
            }
        }
    }

    /** Writes a whole text file through a temporary (replacing target only if overwrite). */
    public static void writeString(Path target, String text, boolean overwrite) throws IOException, InputException {
        try (OutputFile out = begin(target, overwrite)) {
            Files.writeString(out.temp(), text, java.nio.charset.StandardCharsets.UTF_8);
            out.commit();
        }
    }

    /** Writes whole bytes through a temporary, replacing target (caches: a newer entry replaces an older). */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        try (OutputFile out = begin(target, true)) {
            Files.write(out.temp(), bytes);
            out.commit();
        } catch (InputException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public Path temp() { return temp; }

    public Path target() { return target; }

    public void commit() throws IOException {
        if (!overwrite && Files.exists(target)) {
            // Someone created it while we worked: keep theirs.
            throw new FileAlreadyExistsException(target + ": appeared while converting; not overwritten (use -y)");
        }
        moveIntoPlace(temp, target);
        committed = true;
        OPEN.remove(temp);
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: the temp name starts with a dot and ends in .part, so it is recognisable
            }
        }
        OPEN.remove(temp);
    }

    /** One shutdown hook for the process: whatever is still being written when the JVM goes is removed. */
    private static void hookOnce() {
        if (hooked) {
            return;
        }
        synchronized (OPEN) {
            if (hooked) {
                return;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(OutputFile::removeOpen, "tilestereo-unfinished-outputs"));
            hooked = true;
        }
    }

    private static void removeOpen() {
        for (Path t : OPEN) {
            try {
                if (Files.deleteIfExists(t)) {
                    System.err.println("interrupted: removed the unfinished " + t.getFileName() + " in " + t.getParent());
                }
            } catch (IOException e) {
                System.err.println("interrupted: could not remove the unfinished " + t + " (" + e.getMessage() + ")");
            }
        }
        System.err.flush();
    }

    /** Removes temporaries of ours in the folder older than {@link #STALE}: left by a process killed outright. */
    static int removeStale(Path folder) {
        if (folder == null) {
            return 0;
        }
        int removed = 0;
        long before = System.currentTimeMillis() - STALE.toMillis();
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (TEMPORARY.matcher(f.getFileName().toString()).matches() && !OPEN.contains(f)
                        && Files.isRegularFile(f) && Files.getLastModifiedTime(f).toMillis() < before) {
                    Files.deleteIfExists(f);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable folder fails later with its own message; stale files wait for another run
        }
        return removed;
    }

    /**
     * Renames a finished temporary file over target: atomically where the file system can, so a
     * reader never sees half a file, else as a plain replacing move.
     */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
