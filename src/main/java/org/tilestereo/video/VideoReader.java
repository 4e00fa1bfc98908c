package org.tilestereo.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_seek_file;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.tilestereo.image.RgbImage;
import org.tilestereo.io.InputException;

/**
 * Decodes the video stream of any file FFmpeg reads into RGB frames, and hands over the audio
 * packets it meets on the way, untouched, for the writer to copy or re-encode.
 *
 * <p>Timestamps: the conversion starts at the input's start time plus {@code startMicros}; every
 * timestamp handed out (frame pts in the video stream's time base, audio packet pts/dts in theirs)
 * is relative to that point, so the output keeps the input's timing, gaps and A/V offset. A frame
 * without a timestamp, or one not after its predecessor, gets the previous one plus a frame
 * duration, so frame timestamps always increase.
 *
 * <p>Damage: packets the demuxer marks corrupt, packets the decoder rejects, frames decoded with
 * errors and read errors are counted with their timestamps in {@link #damage()}, and reading goes
 * on; an input that ends before the length it declares is reported as truncated. One thread at a time.
 */
public final class VideoReader implements AutoCloseable {
    /** Consecutive read (or decode) errors after which the rest of the input is given up on. */
    private static final int MAX_READ_ERRORS = 200;
    /** How far past the end of the range to keep reading for audio that is stored late. */
    private static final long AUDIO_SLACK_MICROS = 5_000_000L;
    private static final AVRational MICROS = Ffmpeg.rational(1, AV_TIME_BASE);

    private final Path file;
    private final AVFormatContext fmt;
    private final AVCodecContext decoder;
    private final AVStream videoStream;
    private final int videoIndex;
    private final int[] trackOfStream;
    private final AVStream[] audioStreams;
    private final VideoInfo info;
    private final InputDamage damage = new InputDamage();

    private final AVPacket packet = av_packet_alloc();
    private final AVFrame frame = av_frame_alloc();
    private SwsContext sws;
    private int swsFormat = -1, swsWidth, swsHeight, swsColorspace = -1, swsRange = -1;
    private final BytePointer rgb;
    private final PointerPointer<BytePointer> rgbPlanes;
    private final IntPointer rgbStride;

    // range, in microseconds of the input's own timeline
    private final long originMicros, endMicros;
    private final long videoOrigin, videoEnd, frameDuration;
    /** Where frame timestamps count from, in the video stream's time base (videoOrigin unless a segment's timeline says otherwise). */
    private final long timelineOrigin;
    private boolean keepAudio = true;
    private final long[] audioOrigin, audioEnd, audioLastPts;

    private long lastPts = Long.MIN_VALUE;
    private long framePts;
    private boolean frameDamaged;
    private long framesRead;
    private long lastFrameMicros = -1;
    private boolean inputEnded, decoderDrained, videoDone, reachedRangeEnd, finished, closed;
    private int consecutiveReadErrors, consecutiveDecodeErrors;

    private VideoReader(Path file, AVFormatContext fmt, AVCodecContext decoder, int videoIndex,
                        long startMicros, long durationMicros, long timelineMicros) {
        this.file = file;
        this.fmt = fmt;
        this.decoder = decoder;
        this.videoIndex = videoIndex;
        this.videoStream = fmt.streams(videoIndex);

        int n = fmt.nb_streams();
        trackOfStream = new int[n];
        List<AVStream> audio = new ArrayList<>();
        List<VideoInfo.AudioTrack> tracks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AVStream s = fmt.streams(i);
            AVCodecParameters par = s.codecpar();
            trackOfStream[i] = -1;
            if (par.codec_type() == AVMEDIA_TYPE_AUDIO && par.sample_rate() > 0) {
                trackOfStream[i] = audio.size();
                audio.add(s);
                tracks.add(new VideoInfo.AudioTrack(i, avcodec_get_name(par.codec_id()).getString(),
                        par.ch_layout().nb_channels(), par.sample_rate()));
            }
        }
        audioStreams = audio.toArray(new AVStream[0]);

        AVRational rate = frameRateOf(videoStream);
        AVRational tb = videoStream.time_base();
        long startTime = fmt.start_time() == Ffmpeg.NO_PTS ? 0 : fmt.start_time();
        long durationAll = fmt.duration() == Ffmpeg.NO_PTS ? 0 : Math.max(0, fmt.duration());
        long declared = videoStream.nb_frames() > 0 ? videoStream.nb_frames()
                : durationAll > 0 ? Math.round(durationAll / 1e6 * rate.num() / rate.den()) : 0;
        AVCodecParameters vp = videoStream.codecpar();
        info = new VideoInfo(file, fmt.iformat().name().getString(), avcodec_get_name(vp.codec_id()).getString(),
                vp.width(), vp.height(), rate.num(), rate.den(), declared, durationAll, List.copyOf(tracks));

        originMicros = startTime + startMicros;
        endMicros = durationMicros > 0 ? originMicros + durationMicros : Long.MAX_VALUE;
        videoOrigin = av_rescale_q(originMicros, MICROS, tb);
        timelineOrigin = av_rescale_q(startTime + timelineMicros, MICROS, tb);
        videoEnd = endMicros == Long.MAX_VALUE ? Long.MAX_VALUE : av_rescale_q(endMicros, MICROS, tb);
        AVRational frameTime = Ffmpeg.rational(rate.den(), rate.num());
        frameDuration = Math.max(1, av_rescale_q(1, frameTime, tb));
        audioOrigin = new long[audioStreams.length];
        audioEnd = new long[audioStreams.length];
        audioLastPts = new long[audioStreams.length];
        for (int i = 0; i < audioStreams.length; i++) {
            AVRational atb = audioStreams[i].time_base();
            audioOrigin[i] = av_rescale_q(originMicros, MICROS, atb);
            audioEnd[i] = endMicros == Long.MAX_VALUE ? Long.MAX_VALUE : av_rescale_q(endMicros, MICROS, atb);
            audioLastPts[i] = Long.MIN_VALUE;
        }

        long bytes = 3L * info.width() * info.height();
        rgb = new BytePointer(av_malloc(bytes)).capacity(bytes);
        rgbPlanes = new PointerPointer<>(4);
        rgbPlanes.put(0, rgb);
        rgbStride = new IntPointer(4);
        rgbStride.put(0, 3 * info.width());
    }

    /**
     * Opens a video; startMicros (>= 0) into it, durationMicros long (0 = to the end). Fails at once,
     * with one line naming the file, when it is missing, unreadable or holds no decodable video.
     */
    public static VideoReader open(Path file, long startMicros, long durationMicros) throws InputException {
        return open(file, startMicros, durationMicros, startMicros);
    }

    /**
     * Opens a part of a video whose frame timestamps count from timelineMicros (at or before
     * startMicros) instead of from the part's start: a segment of a longer conversion, whose frames
     * then carry the timestamps that conversion gives them.
     */
    public static VideoReader open(Path file, long startMicros, long durationMicros, long timelineMicros) throws InputException {
        if (timelineMicros > startMicros) {
            throw new IllegalArgumentException("the timeline starts at " + timelineMicros + " us, after the part at " + startMicros);
        }
        if (!Files.exists(file)) {
            throw new InputException(file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new InputException(file + ": is a folder, not a video");
        }
        if (!Files.isReadable(file)) {
            throw new InputException(file + ": not readable (permission denied)");
        }
        FfmpegLog.install();
        AVFormatContext fmt = new AVFormatContext(null);
        int r = avformat_open_input(fmt, file.toString(), null, null);
        if (r < 0) {
            throw new InputException(file + ": not a video FFmpeg can read (" + Ffmpeg.error(r) + ")");
        }
        AVCodecContext decoder = null;
        try {
            r = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
            if (r < 0) {
                throw new InputException(file + ": cannot read the streams of this file (" + Ffmpeg.error(r) + ")");
            }
            int index = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (index < 0) {
                throw new InputException(file + ": holds no video stream");
            }
            AVCodecParameters par = fmt.streams(index).codecpar();
            if (par.width() <= 0 || par.height() <= 0) {
                throw new InputException(file + ": the video stream has no picture size; the file is damaged or not a video");
            }
            AVCodec codec = avcodec_find_decoder(par.codec_id());
            if (codec == null) {
                throw new InputException(file + ": no decoder for its video codec '"
                        + avcodec_get_name(par.codec_id()).getString() + "' in this FFmpeg build");
            }
            decoder = avcodec_alloc_context3(codec);
            avcodec_parameters_to_context(decoder, par);
            decoder.pkt_timebase(fmt.streams(index).time_base());
            decoder.thread_count(0);
            r = avcodec_open2(decoder, codec, (AVDictionary) null);
            if (r < 0) {
                throw new InputException(file + ": cannot open the " + codec.name().getString() + " decoder (" + Ffmpeg.error(r) + ")");
            }
            VideoReader reader = new VideoReader(file, fmt, decoder, index, startMicros, durationMicros, timelineMicros);
            if (startMicros > 0) {
                reader.seekToStart();
            }
            return reader;
        } catch (InputException | RuntimeException e) {
            if (decoder != null) avcodec_free_context(decoder);
            avformat_close_input(fmt);
            throw e;
        }
    }

    private void seekToStart() throws InputException {
        if (info.durationMicros() > 0 && originMicros - (fmt.start_time() == Ffmpeg.NO_PTS ? 0 : fmt.start_time()) >= info.durationMicros()) {
            throw new InputException(file + ": --start " + Ffmpeg.formatSeconds(originMicros) + " is past the end of the video ("
                    + Ffmpeg.formatSeconds(info.durationMicros()) + ")");
        }
        // Backwards to the key frame at or before the start; the frames before it are decoded and dropped.
        int r = avformat_seek_file(fmt, -1, Long.MIN_VALUE, originMicros, originMicros, 0);
        if (r < 0) {
            throw new InputException(file + ": cannot seek to " + Ffmpeg.formatSeconds(originMicros) + " (" + Ffmpeg.error(r) + ")");
        }
    }

    public VideoInfo info() {
        return info;
    }

    public InputDamage damage() {
        return damage;
    }

    /** The video stream's time base, in which frame timestamps are given. */
    public AVRational timeBase() {
        return videoStream.time_base();
    }

    AVStream videoStream() {
        return videoStream;
    }

    AVStream audioStream(int track) {
        return audioStreams[track];
    }

    /**
     * The timestamp, as {@link #pts()} gives them, of a frame at micros from the input's start: a
     * frame belongs to a part of the video starting there when its pts is at least this. The same
     * rounding decides where a part ends, so parts meeting at one point share no frame and miss none.
     */
    public long ptsAt(long micros) {
        return av_rescale_q(startTimeMicros() + micros, MICROS, videoStream.time_base()) - timelineOrigin;
    }

    /** No audio is handed out (a segment of a video, whose audio is taken from the source once). */
    public void withoutAudio() {
        keepAudio = false;
    }

    /**
     * Reads the range's audio only, decoding no video: the next audio packet goes into audio and
     * true is returned, or false at the end of the range's audio.
     */
    public boolean readAudio(List<AudioPacket> audio) {
        videoDone = true;
        reachedRangeEnd = true;
        while (!finished) {
            if (audioComplete()) {
                finish();
                break;
            }
            int before = audio.size();
            if (!readPacket(audio)) {
                finish();
                break;
            }
            if (audio.size() > before) return true;
        }
        return false;
    }

    /** The last frame's timestamp, relative to the start of the conversion, in {@link #timeBase()}. */
    public long pts() {
        return framePts;
    }

    /** Whether the last frame decoded with errors (it is still delivered: a concealed frame beats a gap). */
    public boolean frameDamaged() {
        return frameDamaged;
    }

    public long framesRead() {
        return framesRead;
    }

    /**
     * Decodes the next frame of the range into image (info's size) and returns true, or returns
     * false at the end. Audio packets read on the way are added to audio, in file order.
     */
    public boolean read(RgbImage image, List<AudioPacket> audio) {
        if (image.width() != info.width() || image.height() != info.height()) {
            throw new IllegalArgumentException("frame buffer is " + image.size() + ", the video is "
                    + info.width() + "x" + info.height());
        }
        while (!finished) {
            if (!videoDone && receiveFrame(image)) {
                return true;
            }
            if (videoDone && audioComplete()) {
                finish();
                break;
            }
            if (!readPacket(audio)) {
                if (videoDone || decoderDrained) {
                    finish();
                }
            }
        }
        return false;
    }

    /** Tries to take a frame out of the decoder; true when one within the range went into image. */
    private boolean receiveFrame(RgbImage image) {
        while (true) {
            int r = avcodec_receive_frame(decoder, frame);
            if (r == Ffmpeg.EAGAIN) {
                if (inputEnded) {
                    // flushed and still asking for input: nothing more will come out
                    decoderDrained = true;
                    videoDone = true;
                }
                return false;
            }
            if (r == Ffmpeg.EOF) {
                decoderDrained = true;
                videoDone = true;
                return false;
            }
            if (r < 0) {
                damage.damagedFrame(lastFrameMicros < 0 ? 0 : lastFrameMicros);
                if (++consecutiveDecodeErrors >= MAX_READ_ERRORS) {
                    // a decoder that only fails: the rest of the video cannot be had
                    decoderDrained = true;
                    videoDone = true;
                    return false;
                }
                continue;
            }
            consecutiveDecodeErrors = 0;
            try {
                long ts = frame.best_effort_timestamp();
                if (ts == Ffmpeg.NO_PTS || (lastPts != Long.MIN_VALUE && ts <= lastPts)) {
                    ts = lastPts == Long.MIN_VALUE ? videoOrigin : lastPts + frameDuration;
                }
                if (ts < videoOrigin) {
                    // decoded from the key frame before --start: needed as a reference only
                    continue;
                }
                if (ts >= videoEnd) {
                    videoDone = true;
                    reachedRangeEnd = true;
                    return false;
                }
                lastPts = ts;
                boolean bad = frame.decode_error_flags() != 0 || (frame.flags() & AVFrame.AV_FRAME_FLAG_CORRUPT) != 0;
                lastFrameMicros = inputMicros(ts, videoStream.time_base());
                if (bad) {
                    damage.damagedFrame(lastFrameMicros);
                }
                toRgb(image);
                framePts = ts - timelineOrigin;
                frameDamaged = bad;
                framesRead++;
                return true;
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    /** Reads one packet: video goes to the decoder, audio within the range to audio. False at the input's end. */
    private boolean readPacket(List<AudioPacket> audio) {
        if (inputEnded) {
            return false;
        }
        int r = av_read_frame(fmt, packet);
        if (r < 0) {
            if (r != Ffmpeg.EOF) {
                damage.readError(Ffmpeg.error(r));
                if (++consecutiveReadErrors < MAX_READ_ERRORS && fmt.pb() != null && fmt.pb().eof_reached() == 0) {
                    return true;
                }
            }
            inputEnded = true;
            // Drain the decoder: it holds frames back for reordering and threading.
            avcodec_send_packet(decoder, (AVPacket) null);
            return false;
        }
        consecutiveReadErrors = 0;
        try {
            int stream = packet.stream_index();
            if (stream == videoIndex) {
                if (videoDone) {
                    return true;
                }
                long micros = packet.pts() != Ffmpeg.NO_PTS ? inputMicros(packet.pts(), videoStream.time_base())
                        : packet.dts() != Ffmpeg.NO_PTS ? inputMicros(packet.dts(), videoStream.time_base()) : lastFrameMicros;
                if ((packet.flags() & AV_PKT_FLAG_CORRUPT) != 0) {
                    damage.damagedFrame(micros);
                }
                int s = avcodec_send_packet(decoder, packet);
                if (s < 0 && s != Ffmpeg.EAGAIN) {
                    damage.damagedFrame(micros);
                }
            } else if (keepAudio && stream < trackOfStream.length && trackOfStream[stream] >= 0) {
                keepAudio(trackOfStream[stream], audio);
            }
            if (videoDone && pastSlack(stream)) {
                inputEnded = true;
            }
            return true;
        } finally {
            av_packet_unref(packet);
        }
    }

    private void keepAudio(int track, List<AudioPacket> audio) {
        long pts = packet.pts() != Ffmpeg.NO_PTS ? packet.pts() : packet.dts();
        if (pts == Ffmpeg.NO_PTS) {
            // No timestamp at all: it follows the previous packet of its track.
            pts = audioLastPts[track] == Long.MIN_VALUE ? audioOrigin[track] : audioLastPts[track] + Math.max(1, packet.duration());
        }
        if (pts < audioOrigin[track] || pts >= audioEnd[track]) {
            audioLastPts[track] = Math.max(audioLastPts[track], pts);
            return;
        }
        audioLastPts[track] = pts;
        AVPacket copy = av_packet_clone(packet);
        if (copy == null) {
            throw new OutOfMemoryError("FFmpeg could not copy an audio packet");
        }
        long dts = copy.dts() == Ffmpeg.NO_PTS ? pts : copy.dts();
        copy.pts(pts - audioOrigin[track]);
        copy.dts(dts - audioOrigin[track]);
        copy.pos(-1);
        audio.add(new AudioPacket(copy, track));
    }

    private boolean audioComplete() {
        if (!keepAudio) return true;
        for (int i = 0; i < audioLastPts.length; i++) {
            if (audioLastPts[i] == Long.MIN_VALUE || audioLastPts[i] < audioEnd[i]) {
                return inputEnded;
            }
        }
        return true;
    }

    private boolean pastSlack(int stream) {
        if (endMicros == Long.MAX_VALUE || packet.dts() == Ffmpeg.NO_PTS) {
            return false;
        }
        long micros = av_rescale_q(packet.dts(), fmt.streams(stream).time_base(), MICROS);
        return micros > endMicros + AUDIO_SLACK_MICROS;
    }

    /** At the end: did the input stop before the length it declares (or before the range's end)? */
    private void finish() {
        finished = true;
        if (reachedRangeEnd) {
            return;
        }
        long rangeStart = originMicros - startTimeMicros();
        long declaredEnd = Math.max(info.durationMicros(), info.declaredFrames() * frameMicros());
        long expectedEnd = endMicros == Long.MAX_VALUE ? declaredEnd : Math.min(declaredEnd, endMicros - startTimeMicros());
        long stopped = lastFrameMicros < 0 ? rangeStart : lastFrameMicros + frameMicros();
        if (expectedEnd > 0 && stopped + 2 * frameMicros() < expectedEnd) {
            boolean whole = endMicros == Long.MAX_VALUE && rangeStart == 0;
            damage.truncated(framesRead, whole ? info.declaredFrames() : 0, stopped, expectedEnd);
        }
    }

    private long frameMicros() {
        return Math.round(1e6 * info.frameRateDen() / info.frameRateNum());
    }

    private long startTimeMicros() {
        return fmt.start_time() == Ffmpeg.NO_PTS ? 0 : fmt.start_time();
    }

    /** A stream timestamp as microseconds from the start of the input (what a player shows). */
    private long inputMicros(long ts, AVRational tb) {
        return av_rescale_q(ts, tb, MICROS) - startTimeMicros();
    }

    private void toRgb(RgbImage image) {
        int w = info.width(), h = info.height();
        int cs = frame.colorspace(), range = frame.color_range();
        if (sws == null || frame.format() != swsFormat || frame.width() != swsWidth || frame.height() != swsHeight
                || cs != swsColorspace || range != swsRange) {
            sws = sws_getCachedContext(sws, frame.width(), frame.height(), frame.format(), w, h, AV_PIX_FMT_RGB24,
                    SWS_BILINEAR, null, null, (DoublePointer) null);
            if (sws == null) {
                throw new IllegalStateException(file + ": FFmpeg cannot convert pixel format " + frame.format() + " to RGB");
            }
            // Same matrix the writer uses back to YUV, so colours survive the round trip.
            IntPointer coefficients = sws_getCoefficients(cs);
            sws_setColorspaceDetails(sws, coefficients, range == AVCOL_RANGE_JPEG ? 1 : 0, coefficients, 1, 0, 1 << 16, 1 << 16);
            swsFormat = frame.format();
            swsWidth = frame.width();
            swsHeight = frame.height();
            swsColorspace = cs;
            swsRange = range;
        }
        sws_scale(sws, frame.data(), frame.linesize(), 0, frame.height(), rgbPlanes, rgbStride);
        rgb.position(0).get(image.data(), 0, 3 * w * h);
    }

    /** The input's colour description, for the writer to tag the output the same way. */
    int colorspace() {
        return videoStream.codecpar().color_space();
    }

    int colorRange() {
        return videoStream.codecpar().color_range();
    }

    int colorPrimaries() {
        return videoStream.codecpar().color_primaries();
    }

    int colorTransfer() {
        return videoStream.codecpar().color_trc();
    }

    /** Frees everything; safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (sws != null) sws_freeContext(sws);
        av_free(rgb.position(0));
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(decoder);
        avformat_close_input(fmt);
    }

    private static AVRational frameRateOf(AVStream s) {
        AVRational r = s.avg_frame_rate();
        if (r.num() > 0 && r.den() > 0) return r;
        r = s.r_frame_rate();
        if (r.num() > 0 && r.den() > 0) return r;
        return Ffmpeg.rational(25, 1);
    }
}
