package org.tilestereo.depth;

/** A depth source could not produce depth; the message names the model or file and the problem. */
public class DepthException extends Exception {
    public DepthException(String message) {
        super(message);
    }

    public DepthException(String message, Throwable cause) {
        super(message, cause);
    }
}
