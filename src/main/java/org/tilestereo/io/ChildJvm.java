package org.tilestereo.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a fresh JVM with this one's class path: for work whose memory must not stay in
 * this process (a measurement that reads this process's resident size, a runtime session opened
 * only to write a file).
 */
public final class ChildJvm {
    /** What the child left: its exit status (-1 when it was stopped for taking too long), stdout, stderr. */
    public record Result(int status, String out, String err) {
        /** The first line of stderr that is not a note, or the exit status. */
        public String reason() {
            return err.lines().filter(l -> !l.isBlank() && !l.startsWith("note:")).findFirst()
                    .orElse(status < 0 ? "timed out" : "exit status " + status);
        }
    }

    private ChildJvm() {
    }

    public static Result run(Class<?> main, List<String> args, Duration timeout) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        Path o = Files.createTempFile("tilestereo-child", ".out");
        Path e = Files.createTempFile("tilestereo-child", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(o.toFile()).redirectError(e.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", "timed out after " + timeout.toMinutes() + " minutes");
            }
            return new Result(p.exitValue(), Files.readString(o), Files.readString(e));
        } finally {
            Files.deleteIfExists(o);
            Files.deleteIfExists(e);
        }
    }
}
