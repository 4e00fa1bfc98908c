package org.tilestereo.video;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.util.Locale;
import org.bytedeco.ffmpeg.avutil.AVRational;

/** Small shared pieces for calling FFmpeg: error text, timestamps, rationals. */
final class Ffmpeg {
    /** FFmpeg's "no timestamp" marker. */
    static final long NO_PTS = AV_NOPTS_VALUE;
    /** AVERROR(EAGAIN): the codec wants input (or output drained) before it can continue. */
    static final int EAGAIN = AVERROR_EAGAIN();
    static final int EOF = AVERROR_EOF;

    private Ffmpeg() {
    }

    /** FFmpeg's own words for an error code. */
    static String error(int code) {
        byte[] buf = new byte[256];
        if (av_strerror(code, buf, buf.length) < 0) {
            return "error " + code;
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    static AVRational rational(int num, int den) {
        AVRational r = new AVRational();
        r.num(num);
        r.den(den);
        return r;
    }

    static double seconds(long value, AVRational timeBase) {
        return value * (double) timeBase.num() / timeBase.den();
    }

    /** Microseconds as "12.345 s", the form every timestamp in messages takes. */
    static String formatSeconds(long micros) {
        return String.format(Locale.ROOT, "%.3f s", micros / 1e6);
    }
}
