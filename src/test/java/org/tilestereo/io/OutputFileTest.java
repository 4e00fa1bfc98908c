package org.tilestereo.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one atomic-write helper: temporaries are ours, removed on every exit it can see, and stale ones of a killed run later. */
class OutputFileTest {
    @TempDir
    Path dir;

    @Test
    void aTemporaryIsRemovedWhenClosedUncommittedAndRenamedWhenCommitted() throws Exception {
        Path target = dir.resolve("out.png");
        Path temp;
        try (OutputFile out = OutputFile.begin(target, false)) {
            temp = out.temp();
            assertTrue(OutputFile.TEMPORARY.matcher(temp.getFileName().toString()).matches(), temp.toString());
            Files.writeString(temp, "half");
        }
        assertFalse(Files.exists(temp));
        assertFalse(Files.exists(target));
        try (OutputFile out = OutputFile.begin(target, false)) {
            Files.writeString(out.temp(), "whole");
            out.commit();
        }
        assertEquals("whole", Files.readString(target));
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "only the output");
        }
    }

    @Test
    void temporariesOfAKilledRunOlderThanADayGoAtTheNextOutputInThatFolder() throws Exception {
        Path stale = Files.writeString(dir.resolve(".movie.mp4.1a2b3c.part"), "left by SIGKILL");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(OutputFile.STALE).minusSeconds(60)));
        Path recent = Files.writeString(dir.resolve(".photo.png.4d5e6f.part"), "another run, now");
        Path notOurs = Files.writeString(dir.resolve("download.part"), "someone else's");
        Files.setLastModifiedTime(notOurs, FileTime.from(Instant.now().minus(OutputFile.STALE).minusSeconds(60)));

        try (OutputFile out = OutputFile.begin(dir.resolve("new.png"), false)) {
            assertFalse(Files.exists(stale), "stale temporary of ours removed");
            assertTrue(Files.exists(recent), "a temporary that may still be written is kept");
            assertTrue(Files.exists(notOurs), "files not named like ours are never touched");
        }
    }

    @Test
    void sigtermWhileAnOutputIsWrittenRemovesItsTemporaryAndSaysSo() throws Exception {
        Path target = dir.resolve("photo.png");
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                UnfinishedOutputChild.class.getName(), target.toString())
                .redirectError(dir.resolve("child.err").toFile()).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            Path temp = Path.of(out.readLine());
            assertTrue(Files.exists(temp), "the child is writing " + temp);
            p.destroy();  // SIGTERM
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            String err = Files.readString(dir.resolve("child.err"));
            assertFalse(Files.exists(temp), "the temporary is removed on SIGTERM");
            assertFalse(Files.exists(target), "no output appears");
            assertTrue(err.contains("interrupted: removed the unfinished " + temp.getFileName()), err);
        } finally {
            p.destroyForcibly();
        }
    }
}
