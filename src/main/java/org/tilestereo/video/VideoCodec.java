package org.tilestereo.video;

import java.util.List;
import java.util.Locale;

/**
 * The output's video codec. Each has encoders to try in order of preference: the first one this
 * FFmpeg build has and that opens is used (an NVENC encoder only opens where an NVIDIA GPU is).
 * The LGPL FFmpeg of the JavaCV presets has no x264/x265; where only the GPL build has an encoder,
 * the message says so.
 */
public enum VideoCodec {
    H264(List.of("libx264", "h264_nvenc", "libopenh264")),
    H265(List.of("libx265", "hevc_nvenc"));

    /** FFmpeg encoder names, best first. */
    public final List<String> encoders;

    VideoCodec(List<String> encoders) {
        this.encoders = encoders;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VideoCodec parse(String s) {
        for (VideoCodec c : values()) {
            if (c.cliName().equals(s.toLowerCase(Locale.ROOT))) return c;
        }
        throw new IllegalArgumentException("unknown codec '" + s + "'; expected h264 or h265");
    }
}
