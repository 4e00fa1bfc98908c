package org.tilestereo.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_close;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_RGB;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.tilestereo.image.RgbImage;
import org.tilestereo.io.InputException;

/**
 * Encodes RGB frames into an MP4 or MKV file and carries the input's audio along: each audio track
 * is copied packet for packet when the container can hold its codec, otherwise re-encoded to AAC
 * (and {@link #audioNotes()} says so). The video keeps the input's time base, frame rate, sample
 * aspect ratio and colour description; frame timestamps are the input's. An odd width or height
 * (which 4:2:0 video cannot have) is padded by one repeated row or column.
 *
 * <p>The file is written where it is told, normally an {@code OutputFile}'s temporary file; one
 * thread at a time.
 */
public final class VideoWriter implements AutoCloseable {
    /** Frame size limit of H.264 level 5.2 (OpenH264's ceiling), in 16x16 macroblocks. */
    private static final long MAX_LEVEL_52_MACROBLOCKS = 36864;
    private final AVFormatContext out;
    private final AVCodecContext encoder;
    private final AVStream videoStream;
    private final String encoderName;
    private final int width, height, codedWidth, codedHeight;
    private final SwsContext sws;
    private final BytePointer rgb;
    private final byte[] row;
    private final PointerPointer<BytePointer> rgbPlanes = new PointerPointer<>(4);
    private final IntPointer rgbStride = new IntPointer(4);
    private final AVFrame yuv = av_frame_alloc();
    private final AVPacket packet = av_packet_alloc();
    private final AudioTracks audio;
    private long lastPts = Long.MIN_VALUE;
    private long frames;
    private boolean finished, closed;

    private VideoWriter(AVFormatContext out, AVCodecContext encoder, String encoderName, int width, int height,
                        AudioTracks audio) {
        this.out = out;
        this.encoder = encoder;
        this.encoderName = encoderName;
        this.width = width;
        this.height = height;
        this.codedWidth = encoder.width();
        this.codedHeight = encoder.height();
        this.audio = audio;
        this.videoStream = out.streams(0);
        long bytes = 3L * codedWidth * codedHeight;
        rgb = new BytePointer(av_malloc(bytes)).capacity(bytes);
        rgbPlanes.put(0, rgb);
        rgbStride.put(0, 3 * codedWidth);
        row = new byte[3 * codedWidth];
        sws = sws_getContext(codedWidth, codedHeight, AV_PIX_FMT_RGB24, codedWidth, codedHeight, encoder.pix_fmt(),
                SWS_BILINEAR, null, null, (DoublePointer) null);
        // The inverse of the reader's matrix (the input's colourspace), into limited range.
        IntPointer coefficients = sws_getCoefficients(encoder.colorspace());
        sws_setColorspaceDetails(sws, coefficients, 1, coefficients, 0, 0, 1 << 16, 1 << 16);
        yuv.format(encoder.pix_fmt());
        yuv.width(codedWidth);
        yuv.height(codedHeight);
        if (av_frame_get_buffer(yuv, 0) < 0) {
            throw new OutOfMemoryError("FFmpeg could not allocate a video frame");
        }
    }

    /**
     * Opens the output: the video encoder (the codec's encoders tried in order), the audio tracks of
     * source, and the file with its header. Fails with one line on anything that would make the
     * conversion fail later, before any frame is converted.
     */
    public static VideoWriter open(Path file, Container container, VideoCodec codec, int crf, int width, int height,
                                   VideoReader source) throws InputException {
        return open(file, container, codec, crf, width, height, source, false);
    }

    /**
     * Opens a segment of a video converted in parts (a cluster): NUT (FFmpeg's own container, which
     * keeps the encoder's time base exactly, so the joined file's timestamps are those of one run),
     * no audio (the join takes it from the source once), and the codec's headers out of band, as
     * MP4 and MKV want them when the segments' packets are copied into the final file.
     */
    public static VideoWriter openSegment(Path file, VideoCodec codec, int crf, int width, int height, VideoReader source)
            throws InputException {
        return open(file, Container.NUT, codec, crf, width, height, source, true);
    }

    private static VideoWriter open(Path file, Container container, VideoCodec codec, int crf, int width, int height,
                                    VideoReader source, boolean segment) throws InputException {
        boolean fits = switch (container) {
            case MP4 -> codec.fitsMp4();
            case MKV, NUT -> true;
        };
        if (!fits) {
            throw new InputException(file + ": --codec " + codec.cliName() + " is written to MKV only; name the output .mkv");
        }
        AVFormatContext out = new AVFormatContext(null);
        int r = avformat_alloc_output_context2(out, null, container.muxer, file.toString());
        if (r < 0) {
            throw new InputException(file + ": FFmpeg cannot write " + container.muxer + " (" + Ffmpeg.error(r) + ")");
        }
        AVCodecContext encoder = null;
        AudioTracks tracks = null;
        VideoWriter w;
        try {
            boolean globalHeader = segment || (out.oformat().flags() & AVFMT_GLOBALHEADER) != 0;
            AVStream in = source.videoStream();
            StringBuilder tried = new StringBuilder();
            String name = null;
            for (String candidate : codec.encoders) {
                AVCodecContext ctx = openEncoder(candidate, crf, width, height, source, in, globalHeader, tried);
                if (ctx != null) {
                    encoder = ctx;
                    name = candidate;
                    break;
                }
            }
            if (encoder == null) {
                long macroblocks = (long) ((width + 15) / 16) * ((height + 15) / 16);
                String hint = width < 16 || height < 16
                        ? "; the output frames are " + width + "x" + height + ", smaller than the 16x16 the encoders take:"
                        + " the video is too small to encode"
                        : macroblocks > MAX_LEVEL_52_MACROBLOCKS
                        ? "; the output is " + width + "x" + height + ", more than H.264 level 5.2 (4096x2304) that software"
                        + " encoders here take: use --layout hsbs or htb (the input's size)"
                        : codec == VideoCodec.H265 ? "; use --codec h264, a machine with an NVIDIA GPU (NVENC),"
                        + " or an FFmpeg build with libx265" : "";
                throw new InputException("--codec " + codec.cliName() + ": no " + codec.name() + " encoder works here (" + tried
                        + ")" + hint);
            }
            AVStream vs = avformat_new_stream(out, null);
            avcodec_parameters_from_context(vs.codecpar(), encoder);
            vs.time_base(encoder.time_base());
            vs.avg_frame_rate(encoder.framerate());
            vs.r_frame_rate(encoder.framerate());
            vs.sample_aspect_ratio(encoder.sample_aspect_ratio());

            tracks = segment ? AudioTracks.none(out) : AudioTracks.open(out, container, source, globalHeader);
            AVIOContext pb = new AVIOContext(null);
            r = avio_open(pb, file.toString(), AVIO_FLAG_WRITE);
            if (r < 0) {
                throw new InputException(file + ": cannot create (" + Ffmpeg.error(r) + ")");
            }
            out.pb(pb);
            w = new VideoWriter(out, encoder, name, width, height, tracks);
        } catch (InputException | RuntimeException e) {
            closeFile(out);
            if (tracks != null) tracks.close();
            if (encoder != null) avcodec_free_context(encoder);
            avformat_free_context(out);
            throw e;
        }
        // From here the writer owns every FFmpeg object above.
        r = avformat_write_header(out, (AVDictionary) null);
        if (r < 0) {
            w.close();
            throw new InputException(file + ": cannot write the " + container.muxer + " header (" + Ffmpeg.error(r) + ")");
        }
        return w;
    }

    /** One encoder, set up for crf-like constant quality; null (with the reason added to tried) if it does not open. */
    private static AVCodecContext openEncoder(String name, int crf, int width, int height, VideoReader source, AVStream in,
                                              boolean globalHeader, StringBuilder tried) {
        AVCodec codec = avcodec_find_encoder_by_name(name);
        if (tried.length() > 0) tried.append("; ");
        if (codec == null) {
            tried.append(name).append(": not in this FFmpeg build");
            return null;
        }
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        VideoInfo info = source.info();
        ctx.width(width + (width & 1));
        ctx.height(height + (height & 1));
        // FFV1 keeps the converted RGB exactly (8-bit BGR0); the others take 4:2:0 YUV.
        boolean rgb = name.equals("ffv1");
        ctx.pix_fmt(rgb ? AV_PIX_FMT_BGR0 : AV_PIX_FMT_YUV420P);
        ctx.time_base(in.time_base());
        ctx.framerate(Ffmpeg.rational(info.frameRateNum(), info.frameRateDen()));
        ctx.gop_size((int) Math.max(1, Math.round(info.fps() * 4)));
        if (in.sample_aspect_ratio().num() > 0) {
            ctx.sample_aspect_ratio(in.sample_aspect_ratio());
        }
        ctx.colorspace(rgb ? AVCOL_SPC_RGB : source.colorspace());
        ctx.color_primaries(source.colorPrimaries());
        ctx.color_trc(source.colorTransfer());
        ctx.color_range(rgb ? AVCOL_RANGE_JPEG
                : source.colorRange() == AVCOL_RANGE_UNSPECIFIED ? AVCOL_RANGE_MPEG : source.colorRange());
        ctx.thread_count(0);
        if (globalHeader) ctx.flags(ctx.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        AVDictionary options = new AVDictionary(null);
        switch (name) {
            case "libx264", "libx265" -> {
                av_dict_set(options, "crf", Integer.toString(crf), 0);
                av_dict_set(options, "preset", "medium", 0);
            }
            case "h264_nvenc", "hevc_nvenc" -> {
                // NVENC's constant-quality mode: VBR with a target quality and no bitrate cap.
                av_dict_set(options, "rc", "vbr", 0);
                av_dict_set(options, "cq", Integer.toString(Math.max(1, crf)), 0);
                av_dict_set(options, "preset", "p5", 0);
                ctx.bit_rate(0);
            }
            case "libopenh264" -> {
                // OpenH264 has no CRF: pin its quantiser to the CRF value (constant QP), High profile (CABAC).
                int qp = Math.max(1, Math.min(51, crf));
                ctx.qmin(qp);
                ctx.qmax(qp);
                ctx.bit_rate(0);
                av_dict_set(options, "rc_mode", "quality", 0);
                av_dict_set(options, "profile", "high", 0);
            }
            default -> {
            }
        }
        int r = avcodec_open2(ctx, codec, options);
        av_dict_free(options);
        if (r < 0) {
            tried.append(name).append(": ").append(name.contains("nvenc") ? "no usable NVIDIA GPU (" + Ffmpeg.error(r) + ")"
                    : Ffmpeg.error(r));
            avcodec_free_context(ctx);
            return null;
        }
        return ctx;
    }

    /** The FFmpeg encoder in use, e.g. libopenh264. */
    public String encoderName() {
        return encoderName;
    }

    /** What happened to each audio track: copied, re-encoded to AAC (and why), or dropped (and why). */
    /**
     * What happened to an odd frame size, which 4:2:0 video cannot hold: null when the size was even,
     * else one line saying the encoded size and how it was made.
     */
    public String sizeNote() {
        if (codedWidth == width && codedHeight == height) {
            return null;
        }
        return "the frames are " + width + "x" + height + "; encoded as " + codedWidth + "x" + codedHeight
                + " (4:2:0 video needs even sizes: the last " + (codedWidth != width && codedHeight != height ? "column and row are"
                : codedWidth != width ? "column is" : "row is") + " repeated)";
    }

    public List<String> audioNotes() {
        return audio.notes();
    }

    /** Copied audio packets left out because their timestamps went backwards (damaged input). */
    public long droppedAudioPackets() {
        return audio.dropped();
    }

    public long frames() {
        return frames;
    }

    /** Encodes one frame (the size given at open) at pts, in the input video stream's time base. */
    public void writeFrame(RgbImage image, long pts) throws IOException {
        if (image.width() != width || image.height() != height) {
            throw new IllegalArgumentException("frame is " + image.size() + ", the output was opened for " + width + "x" + height);
        }
        if (pts <= lastPts) {
            throw new IllegalArgumentException("frame timestamps must increase: " + pts + " after " + lastPts);
        }
        lastPts = pts;
        copyPadded(image);
        int r = av_frame_make_writable(yuv);
        if (r < 0) throw new IOException("FFmpeg could not get a writable frame (" + Ffmpeg.error(r) + ")");
        sws_scale(sws, rgbPlanes, rgbStride, 0, codedHeight, yuv.data(), yuv.linesize());
        yuv.pts(pts);
        r = avcodec_send_frame(encoder, yuv);
        if (r < 0) {
            throw new EncoderException("the encoder " + encoderName + " refused frame " + frames + " of " + width + "x" + height
                    + " (" + Ffmpeg.error(r) + ")" + (width < 16 || height < 16
                    ? ": the frames are smaller than the 16x16 video encoders take, the video is too small to convert" : ""));
        }
        frames++;
        drainVideo();
    }

    private void copyPadded(RgbImage image) {
        byte[] src = image.data();
        int w3 = 3 * width;
        for (int y = 0; y < codedHeight; y++) {
            int sy = Math.min(y, height - 1);
            if (codedWidth == width) {
                rgb.position((long) y * w3).put(src, sy * w3, w3);
            } else {
                System.arraycopy(src, sy * w3, row, 0, w3);
                System.arraycopy(row, w3 - 3, row, w3, 3);
                rgb.position((long) y * row.length).put(row, 0, row.length);
            }
        }
        rgb.position(0);
    }

    private void drainVideo() throws IOException {
        while (avcodec_receive_packet(encoder, packet) == 0) {
            av_packet_rescale_ts(packet, encoder.time_base(), videoStream.time_base());
            packet.stream_index(videoStream.index());
            int r = av_interleaved_write_frame(out, packet);
            if (r < 0) throw new IOException("writing video failed (" + Ffmpeg.error(r) + ")");
        }
    }

    /** Writes (copies or re-encodes) one audio packet from the reader, and frees it. */
    public void writeAudio(AudioPacket p) throws IOException {
        audio.write(p);
    }

    /** Flushes the encoders and writes the container's index; the file is complete afterwards. */
    public void finish() throws IOException {
        if (finished) return;
        int r = avcodec_send_frame(encoder, null);
        if (r < 0 && r != Ffmpeg.EOF) throw new IOException(encoderName + " failed at the end (" + Ffmpeg.error(r) + ")");
        drainVideo();
        audio.finish();
        r = av_write_trailer(out);
        if (r < 0) throw new IOException("writing the end of the file failed (" + Ffmpeg.error(r) + ")");
        finished = true;
        r = closeFile(out);
        if (r < 0) throw new IOException("closing the file failed (" + Ffmpeg.error(r) + ")");
    }

    /** Closes the file once: the context's pb field is cleared so no later call sees a freed handle. */
    static int closeFile(AVFormatContext out) {
        AVIOContext pb = out.pb();
        if (pb == null || pb.isNull()) {
            return 0;
        }
        out.pb(null);
        return avio_close(pb);
    }

    /** Frees everything; an unfinished file is left incomplete (its OutputFile removes it). Safe to call twice. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        closeFile(out);
        audio.close();
        avcodec_free_context(encoder);
        sws_freeContext(sws);
        av_free(rgb.position(0));
        av_frame_free(yuv);
        av_packet_free(packet);
        avformat_free_context(out);
    }
}
