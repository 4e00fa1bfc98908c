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

    private static final java.util.regex.Pattern INFO = java.util.regex.Pattern.compile("(note|backend|runtime|progress|warning):");

    /** The error output's lines other than the informational ones (notes, backend, runtime, progress, warnings). */
    public String errorLines() {
        StringBuilder b = new StringBuilder();
        for (String line : err.split("\\R")) {
            if (!line.isBlank() && !INFO.matcher(line).lookingAt()) b.append(line).append('\n');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "exit " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
