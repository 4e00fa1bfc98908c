package org.tilestereo.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;
import org.tilestereo.io.InputException;

/**
 * Joins the segments of a video converted in parts into one file without re-encoding: the video
 * packets of each segment file ({@link VideoWriter#openSegment}, whose timestamps are already those
 * of one run over the whole range) are copied in order, and the audio is taken once from the
 * source, as a single run carries it ({@link AudioTracks}), interleaved by time.
 */
public final class SegmentJoin {
    private static final AVRational MICROS = Ffmpeg.rational(1, AV_TIME_BASE);

    /** What the join wrote. */
    public record Result(long videoPackets, List<String> audioNotes, long droppedAudioPackets) {
    }

    private SegmentJoin() {
    }

    /**
     * Writes file (normally an OutputFile's temporary) from the segments, in order, and the audio of
     * audioSource (opened on the conversion's range; only its audio is read).
     */
    public static Result join(List<Path> segments, Path file, Container container, VideoReader audioSource)
            throws IOException, InputException {
        if (segments.isEmpty()) throw new IllegalArgumentException("no segments to join");
        AVFormatContext first = openInput(segments.get(0));
        AVFormatContext out = new AVFormatContext(null);
        AudioTracks audio = null;
        AVPacket packet = av_packet_alloc();
        try {
            int r = avformat_alloc_output_context2(out, null, container.muxer, file.toString());
            if (r < 0) throw new InputException(file + ": FFmpeg cannot write " + container.muxer + " (" + Ffmpeg.error(r) + ")");
            AVStream in = first.streams(0);
            AVStream vs = avformat_new_stream(out, null);
            avcodec_parameters_copy(vs.codecpar(), in.codecpar());
            vs.codecpar().codec_tag(0);
            // The source's time base, as one run's writer has it: NUT stores its own (1/95904 for a
            // 125/2997 source), and an MP4 muxer would then choose another time scale and round
            // every timestamp differently from one run's file.
            vs.time_base(audioSource.timeBase());
            vs.avg_frame_rate(in.avg_frame_rate());
            vs.r_frame_rate(in.r_frame_rate());
            vs.sample_aspect_ratio(in.sample_aspect_ratio());
            boolean globalHeader = (out.oformat().flags() & AVFMT_GLOBALHEADER) != 0;
            audio = AudioTracks.open(out, container, audioSource, globalHeader);
            AVIOContext pb = new AVIOContext(null);
            r = org.bytedeco.ffmpeg.global.avformat.avio_open(pb, file.toString(), AVIO_FLAG_WRITE);
            if (r < 0) throw new InputException(file + ": cannot create (" + Ffmpeg.error(r) + ")");
            out.pb(pb);
            r = avformat_write_header(out, (AVDictionary) null);
            if (r < 0) throw new InputException(file + ": cannot write the " + container.muxer + " header (" + Ffmpeg.error(r) + ")");

            List<AudioPacket> pending = new ArrayList<>();
            boolean audioLeft = audioSource.readAudio(pending);
            long lastDts = Long.MIN_VALUE, written = 0;
            for (int s = 0; s < segments.size(); s++) {
                AVFormatContext seg = s == 0 ? first : openInput(segments.get(s));
                try {
                    AVRational tb = seg.streams(0).time_base();
                    while (av_read_frame(seg, packet) >= 0) {
                        try {
                            if (packet.stream_index() != 0) continue;
                            if (packet.dts() <= lastDts) {
                                throw new IOException(segments.get(s) + ": its video timestamps overlap the segment before it"
                                        + " (dts " + packet.dts() + " after " + lastDts + ")");
                            }
                            lastDts = packet.dts();
                            long micros = av_rescale_q(packet.dts(), tb, MICROS);
                            // The audio due before this picture goes first, as a single run interleaves them.
                            while (audioLeft && audioMicros(pending.get(0), audioSource) <= micros) {
                                audio.write(pending.remove(0));
                                audioLeft = audioSource.readAudio(pending);
                            }
                            av_packet_rescale_ts(packet, tb, vs.time_base());
                            packet.stream_index(vs.index());
                            packet.pos(-1);
                            r = av_interleaved_write_frame(out, packet);
                            if (r < 0) throw new IOException("writing video failed (" + Ffmpeg.error(r) + ")");
                            written++;
                        } finally {
                            av_packet_unref(packet);
                        }
                    }
                } finally {
                    if (s > 0) avformat_close_input(seg);
                }
            }
            while (audioLeft) {
                audio.write(pending.remove(0));
                audioLeft = audioSource.readAudio(pending);
            }
            audio.finish();
            r = av_write_trailer(out);
            if (r < 0) throw new IOException("writing the end of the file failed (" + Ffmpeg.error(r) + ")");
            r = VideoWriter.closeFile(out);
            if (r < 0) throw new IOException("closing the file failed (" + Ffmpeg.error(r) + ")");
            return new Result(written, audio.notes(), audio.dropped());
        } finally {
            av_packet_free(packet);
            if (audio != null) audio.close();
            VideoWriter.closeFile(out);
            avformat_free_context(out);
            avformat_close_input(first);
        }
    }

    private static long audioMicros(AudioPacket p, VideoReader source) {
        return av_rescale_q(p.packet.dts(), source.audioStream(p.track).time_base(), MICROS);
    }

    private static AVFormatContext openInput(Path segment) throws InputException {
        AVFormatContext fmt = new AVFormatContext(null);
        int r = avformat_open_input(fmt, segment.toString(), null, null);
        if (r < 0) throw new InputException(segment + ": cannot read this segment (" + Ffmpeg.error(r) + ")");
        r = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
        if (r < 0 || fmt.nb_streams() < 1) {
            avformat_close_input(fmt);
            throw new InputException(segment + ": holds no video stream");
        }
        return fmt;
    }
}
