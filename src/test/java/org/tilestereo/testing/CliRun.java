package org.tilestereo.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.tilestereo.cli.Cli;
import org.tilestereo.cli.Main;

/** Runs the tilestereo command in this JVM and captures its exit status and output. */
public record CliRun(int status, String out, String err) {

    public static synchronized CliRun of(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Cli.execute(new Main(), args);
            System.out.flush();
            System.err.flush();
            return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The error output's non-note lines (notes are informational and may precede the error). */
    public String errorLines() {
        StringBuilder b = new StringBuilder();
        for (String line : err.split("\\R")) {
            if (!line.isBlank() && !line.startsWith("note:") && !line.startsWith("backend:")) b.append(line).append('\n');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "exit " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
