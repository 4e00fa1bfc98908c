package org.tilestereo.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

import java.util.function.BiConsumer;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's log, routed to Java. FFmpeg writes to the process's stderr by default, where messages
 * from its threads interleave with ours and cannot be counted; here every message of warning level
 * or worse goes to the listener of the running conversion (damage accounting, --verbose). FFmpeg
 * has one global log, so one listener at a time; messages with no listener are dropped.
 */
public final class FfmpegLog extends LogCallback {
    private static final FfmpegLog INSTANCE = new FfmpegLog();
    private static volatile BiConsumer<Integer, String> listener;
    private static boolean installed;

    private FfmpegLog() {
        // The native side keeps this callback for the life of the process: never collect it.
        retainReference();
    }

    /** From now on FFmpeg's messages come here (and are dropped while nobody listens), never to stderr. */
    static synchronized void install() {
        if (!installed) {
            setLogCallback(INSTANCE);
            av_log_set_level(AV_LOG_WARNING);
            installed = true;
        }
    }

    /** Routes FFmpeg's messages (warning and worse) to this listener until {@link #release}. */
    public static synchronized void listen(BiConsumer<Integer, String> l) {
        install();
        listener = l;
    }

    public static synchronized void release(BiConsumer<Integer, String> l) {
        if (listener == l) {
            listener = null;
        }
    }

    @Override
    public void call(int level, BytePointer msg) {
        BiConsumer<Integer, String> l = listener;
        if (l != null && msg != null) {
            String s = msg.getString().strip();
            if (!s.isEmpty()) {
                l.accept(level, s);
            }
        }
    }
}
