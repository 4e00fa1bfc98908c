package org.tilestereo.api;

/** A conversion failed; the message is one line naming the file or part and the problem. */
public class ConversionException extends Exception {
    public ConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
