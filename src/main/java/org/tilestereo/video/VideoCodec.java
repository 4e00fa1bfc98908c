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
    H265(List.of("libx265", "hevc_nvenc")),
    /** Lossless, in RGB (FFmpeg's own FFV1, 8-bit BGR0): the frames come back exactly as converted. MKV only. */
    FFV1(List.of("ffv1"));

    /** FFmpeg encoder names, best first. */
    public final List<String> encoders;

    VideoCodec(List<String> encoders) {
        this.encoders = encoders;
    }

    /** Whether an MP4 can hold it (FFV1 is registered for Matroska only). */
    public boolean fitsMp4() {
        return switch (this) {
            case H264, H265 -> true;
            case FFV1 -> false;
        };
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VideoCodec parse(String s) {
        for (VideoCodec c : values()) {
            if (c.cliName().equals(s.toLowerCase(Locale.ROOT))) return c;
        }
        throw new IllegalArgumentException("unknown codec '" + s + "'; expected h264, h265 or ffv1");
    }
}
