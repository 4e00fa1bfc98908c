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
 * interrupted run leaves the temporary file removed and any old output untouched.
 */
public final class OutputFile implements AutoCloseable {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
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
    }

    /** Opens a temporary file beside target; {@link #commit()} renames it into place. */
    public static OutputFile begin(Path target, boolean overwrite) throws InputException, IOException {
        check(target, overwrite);
        Path abs = target.toAbsolutePath();
        // Not Files.createTempFile: that makes the file 0600, and the rename would hand the user an
        // output nobody else can read. createFile follows the umask like any other new file.
        for (int attempt = 0; ; attempt++) {
            Path temp = abs.resolveSibling("." + abs.getFileName() + "." + Long.toHexString(RANDOM.nextLong() >>> 16) + ".part");
            try {
                Files.createFile(temp);
                return new OutputFile(abs, overwrite, temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) throw e;
            }
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
