package org.tilestereo.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;
import org.tilestereo.io.InputException;

/**
 * Where a video's frames and key frames are, from its packets alone (demuxed, not decoded: seconds
 * for a film): what a video is split into segments by. Times are microseconds from the input's
 * start, as {@code --start} counts them.
 *
 * @param frameMicros    every video packet's presentation time, sorted
 * @param keyframeMicros the key frames' presentation times, sorted (where a decoder can start)
 */
public record FrameIndex(long[] frameMicros, long[] keyframeMicros) {
    private static final AVRational MICROS = Ffmpeg.rational(1, AV_TIME_BASE);

    /** Frames presented within [fromMicros, toMicros) (Long.MAX_VALUE: to the end). */
    public long framesBetween(long fromMicros, long toMicros) {
        int a = firstAtOrAfter(frameMicros, fromMicros);
        int b = firstAtOrAfter(frameMicros, toMicros);
        return Math.max(0, b - a);
    }

    /** The time of the frame count frames before micros (or the first frame's), for a warm-up window. */
    public long framesBefore(long micros, int count) {
        int i = firstAtOrAfter(frameMicros, micros) - count;
        return frameMicros.length == 0 ? 0 : frameMicros[Math.max(0, Math.min(frameMicros.length - 1, i))];
    }

    private static int firstAtOrAfter(long[] sorted, long micros) {
        int i = Arrays.binarySearch(sorted, micros);
        if (i < 0) return -i - 1;
        while (i > 0 && sorted[i - 1] == micros) i--;
        return i;
    }

    public static FrameIndex scan(Path file) throws InputException {
        FfmpegLog.install();
        AVFormatContext fmt = new AVFormatContext(null);
        int r = avformat_open_input(fmt, file.toString(), null, null);
        if (r < 0) {
            throw new InputException(file + ": not a video FFmpeg can read (" + Ffmpeg.error(r) + ")");
        }
        AVPacket packet = av_packet_alloc();
        try {
            r = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
            if (r < 0) {
                throw new InputException(file + ": cannot read the streams of this file (" + Ffmpeg.error(r) + ")");
            }
            int video = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (video < 0) {
                throw new InputException(file + ": holds no video stream");
            }
            AVRational tb = fmt.streams(video).time_base();
            long start = fmt.start_time() == Ffmpeg.NO_PTS ? 0 : fmt.start_time();
            long[] frames = new long[1024], keys = new long[64];
            int n = 0, k = 0;
            long last = Long.MIN_VALUE;
            while (av_read_frame(fmt, packet) >= 0) {
                try {
                    if (packet.stream_index() != video) continue;
                    long ts = packet.pts() != Ffmpeg.NO_PTS ? packet.pts() : packet.dts();
                    // As the reader does: a packet without a time, or not after its predecessor, follows it.
                    long micros = ts == Ffmpeg.NO_PTS ? last + 1 : av_rescale_q(ts, tb, MICROS) - start;
                    if (n == frames.length) frames = Arrays.copyOf(frames, 2 * n);
                    frames[n++] = micros;
                    if ((packet.flags() & AV_PKT_FLAG_KEY) != 0) {
                        if (k == keys.length) keys = Arrays.copyOf(keys, 2 * k);
                        keys[k++] = micros;
                    }
                    last = micros;
                } finally {
                    av_packet_unref(packet);
                }
            }
            long[] f = Arrays.copyOf(frames, n), kf = Arrays.copyOf(keys, k);
            Arrays.sort(f);
            Arrays.sort(kf);
            return new FrameIndex(f, kf);
        } finally {
            av_packet_free(packet);
            avformat_close_input(fmt);
        }
    }
}
