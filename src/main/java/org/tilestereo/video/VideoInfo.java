package org.tilestereo.video;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a video input holds, as far as a conversion cares.
 *
 * @param declaredFrames frames the container says the video has (its header or duration times the
 *                       rate), or 0 if it does not say
 * @param durationMicros the container's duration, or 0 if unknown
 */
public record VideoInfo(Path file, String format, String videoCodec, int width, int height,
                        int frameRateNum, int frameRateDen, long declaredFrames, long durationMicros,
                        List<AudioTrack> audio) {

    /** One audio stream of the input. */
    public record AudioTrack(int streamIndex, String codec, int channels, int sampleRate) {
        public String describe() {
            return codec + " " + channels + " ch " + sampleRate + " Hz";
        }
    }

    public double fps() {
        return frameRateNum / (double) frameRateDen;
    }

    public String describe() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s %dx%d %.3f fps %s", videoCodec, width, height, fps(), format));
        if (declaredFrames > 0) s.append(", ").append(declaredFrames).append(" frames");
        if (durationMicros > 0) s.append(", ").append(Ffmpeg.formatSeconds(durationMicros));
        for (AudioTrack a : audio) s.append(", audio ").append(a.describe());
        if (audio.isEmpty()) s.append(", no audio");
        return s.toString();
    }
}
