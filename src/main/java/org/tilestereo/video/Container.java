package org.tilestereo.video;

import java.nio.file.Path;
import java.util.Set;
import org.tilestereo.io.InputException;

/** The video files this program writes, chosen by the output's extension. */
public enum Container {
    MP4("mp4"),
    MKV("matroska"),
    /** FFmpeg's own container: any codec, and the encoder's time base kept exactly (a cluster's segment files). */
    NUT("nut");

    /** FFmpeg's muxer name. */
    final String muxer;

    Container(String muxer) {
        this.muxer = muxer;
    }

    /**
     * Audio codecs copied into an MP4 as they are: those of the MP4 registrations that players
     * know. FFmpeg would also write PCM or Vorbis into MP4, which few players read; those are
     * re-encoded. Matroska takes whatever FFmpeg can mux into it.
     */
    private static final Set<String> MP4_AUDIO = Set.of("aac", "mp3", "mp2", "ac3", "eac3", "alac", "flac", "opus");

    /** Whether an audio track of this codec (FFmpeg's name) is copied rather than re-encoded. */
    boolean canHold(String audioCodec) {
        return switch (this) {
            case MKV, NUT -> true;
            case MP4 -> MP4_AUDIO.contains(audioCodec);
        };
    }

    public static Container forOutput(Path output) throws InputException {
        String ext = MediaFiles.extension(output);
        return switch (ext) {
            case "mp4", "m4v" -> MP4;
            case "mkv" -> MKV;
            default -> throw new InputException(output + ": unknown video type" + (ext.isEmpty() ? "" : " '." + ext + "'")
                    + "; name the output .mp4 or .mkv");
        };
    }
}
