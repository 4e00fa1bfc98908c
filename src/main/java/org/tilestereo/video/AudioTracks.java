package org.tilestereo.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_query_codec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.tilestereo.io.InputException;

/**
 * The input's audio tracks in an output file: each copied packet for packet when the container can
 * hold its codec, otherwise re-encoded to AAC, or dropped (with the reason) when neither works.
 * Shared by the writer that encodes frames and by the join of a video's segments, so both carry
 * audio the same way.
 */
final class AudioTracks implements AutoCloseable {
    /** Where one input audio track goes: copied to a stream, re-encoded, or dropped (both null). */
    private record Track(AVStream copy, AVRational inputTimeBase, AacTrack aac) {
    }

    private final AVFormatContext out;
    private final Track[] tracks;
    private final long[] lastDts;
    private final List<String> notes;
    private long dropped;

    private AudioTracks(AVFormatContext out, Track[] tracks, List<String> notes) {
        this.out = out;
        this.tracks = tracks;
        this.notes = List.copyOf(notes);
        this.lastDts = new long[tracks.length];
        Arrays.fill(lastDts, Long.MIN_VALUE);
    }

    /** No audio: a segment of a video, whose audio the join takes from the source once. */
    static AudioTracks none(AVFormatContext out) {
        return new AudioTracks(out, new Track[0], List.of());
    }

    /** Adds a stream to out for each of source's audio tracks (before out's header is written). */
    static AudioTracks open(AVFormatContext out, Container container, VideoReader source, boolean globalHeader) {
        List<Track> tracks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<VideoInfo.AudioTrack> audioInfo = source.info().audio();
        try {
            for (int t = 0; t < audioInfo.size(); t++) {
                AVStream a = source.audioStream(t);
                int id = a.codecpar().codec_id();
                String what = "audio track " + (t + 1) + " (" + audioInfo.get(t).describe() + ")";
                if (container.canHold(avcodec_get_name(id).getString())
                        && avformat_query_codec(out.oformat(), id, org.bytedeco.ffmpeg.global.avcodec.FF_COMPLIANCE_NORMAL) == 1) {
                    AVStream copy = avformat_new_stream(out, null);
                    avcodec_parameters_copy(copy.codecpar(), a.codecpar());
                    copy.codecpar().codec_tag(0);
                    copy.time_base(a.time_base());
                    tracks.add(new Track(copy, a.time_base(), null));
                    notes.add(what + ": copied");
                } else {
                    try {
                        AacTrack aac = AacTrack.open(out, a, globalHeader);
                        tracks.add(new Track(null, a.time_base(), aac));
                        notes.add(what + ": re-encoded to AAC (" + container.name().toLowerCase(Locale.ROOT)
                                + " cannot hold " + audioInfo.get(t).codec() + ")");
                    } catch (InputException e) {
                        tracks.add(new Track(null, a.time_base(), null));
                        notes.add(what + ": dropped: " + e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            for (Track t : tracks) if (t.aac() != null) t.aac().close();
            throw e;
        }
        return new AudioTracks(out, tracks.toArray(new Track[0]), notes);
    }

    /** What happened to each track: copied, re-encoded to AAC (and why), or dropped (and why). */
    List<String> notes() {
        return notes;
    }

    /** Copied packets left out because their timestamps went backwards (damaged input). */
    long dropped() {
        return dropped;
    }

    /** Writes (copies or re-encodes) one packet from the reader, and frees it. */
    void write(AudioPacket p) throws IOException {
        try {
            if (p.track >= tracks.length) {
                return;
            }
            Track t = tracks[p.track];
            if (t.copy() != null) {
                AVPacket pkt = p.packet;
                if (pkt.dts() <= lastDts[p.track]) {
                    // out of order (a damaged input): the muxer would refuse the whole file, so the packet goes
                    dropped++;
                    return;
                }
                lastDts[p.track] = pkt.dts();
                av_packet_rescale_ts(pkt, t.inputTimeBase(), t.copy().time_base());
                pkt.stream_index(t.copy().index());
                int r = av_interleaved_write_frame(out, pkt);
                if (r < 0) throw new IOException("writing audio failed (" + Ffmpeg.error(r) + ")");
            } else if (t.aac() != null) {
                t.aac().write(p);
            }
        } finally {
            p.free();
        }
    }

    /** Flushes the AAC encoders (before the container's trailer). */
    void finish() throws IOException {
        for (Track t : tracks) {
            if (t.aac() != null) t.aac().finish();
        }
    }

    @Override
    public void close() {
        for (Track t : tracks) if (t.aac() != null) t.aac().close();
    }
}
