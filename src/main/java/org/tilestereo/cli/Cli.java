package org.tilestereo.cli;

import org.tilestereo.io.Printable;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tilestereo.api.ConversionException;
import org.tilestereo.io.InputException;
import org.tilestereo.models.DownloadException;
import org.tilestereo.models.ModelFiles;
import picocli.CommandLine;

/**
 * How every command reports failure: one line on stderr; exit 2 for a usage error (unknown
 * option, bad number, missing argument), 1 for anything else, 0 on success.
 */
public final class Cli {
    public static final int OK = 0, FAILED = 1, USAGE = 2;

    private Cli() {
    }

    /**
     * What --model names, as a file: an existing file, a named model (downloaded once) or a replica
     * (built once); anything else is a one-line error.
     */
    static Path modelFile(String model) throws ConversionException {
        Path file;
        try {
            file = ModelFiles.standard(null, System.err).resolve(Path.of(model));
        } catch (DownloadException e) {
            throw new ConversionException(e.getMessage(), e);
        }
        if (!Files.isRegularFile(file)) {
            String why = !Files.exists(file) ? "no such file"
                    : Files.isDirectory(file) ? "is a folder, not a model file"
                    : "not a regular file (a device, a pipe or a socket); give an ONNX model file";
            throw new ConversionException("model " + model + ": " + why, null);
        }
        return file;
    }

    public static int execute(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(ex.getCommandLine().getCommandName() + ": " + Printable.of(ex.getMessage()) + " (see --help)");
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            PrintWriter err = line.getErr();
            // An InputException is also the user's: a file they named (or a default sample) cannot be used.
            if (ex instanceof ConversionException || ex instanceof InputException) {
                err.println(line.getCommandName() + ": " + Printable.of(ex.getMessage()));
            } else {
                err.println(line.getCommandName() + ": internal error: " + Printable.of(String.valueOf(ex))
                        + " (TILESTEREO_DEBUG=1 prints the stack trace)");
                if (System.getenv("TILESTEREO_DEBUG") != null) {
                    ex.printStackTrace(err);
                }
            }
            err.flush();
            return FAILED;
        });
        return cl.execute(args);
    }
}
