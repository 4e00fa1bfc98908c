package org.tilestereo.models;

/** A named model could not be had; the message is one line that says what was tried and what to do. */
public class DownloadException extends Exception {
    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
