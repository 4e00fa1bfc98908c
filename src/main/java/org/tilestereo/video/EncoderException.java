package org.tilestereo.video;

import java.io.IOException;

/**
 * The video encoder refused a frame: a fault of what is encoded (its size, its format), not of the
 * output file, so the message names the frames and the encoder.
 */
public final class EncoderException extends IOException {
    public EncoderException(String message) {
        super(message);
    }
}
