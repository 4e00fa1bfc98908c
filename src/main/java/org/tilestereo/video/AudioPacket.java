package org.tilestereo.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;

import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * A compressed audio packet on its way from the reader to the writer, with timestamps already
 * relative to the start of the conversion (in its input stream's time base). Owns a reference to
 * FFmpeg's packet data: {@link #free()} it exactly once, whoever ends up with it.
 */
public final class AudioPacket {
    final AVPacket packet;
    /** Which of the input's audio tracks (0 = the first one kept), not the stream index. */
    final int track;

    AudioPacket(AVPacket packet, int track) {
        this.packet = packet;
        this.track = track;
    }

    public void free() {
        if (!packet.isNull()) {
            av_packet_free(packet);
        }
    }
}
