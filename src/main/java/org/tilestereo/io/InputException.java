package org.tilestereo.io;

/**
 * A file the user named cannot be used. The message is one line that names the file and says what
 * is wrong with it; the CLI prints it as is.
 */
public class InputException extends Exception {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
