package org.tilestereo.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_free;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_freep;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.avutil.av_samples_alloc;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_delay;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.tilestereo.io.InputException;

/**
 * An audio track the output container cannot hold as it is: decoded, resampled to planar float and
 * re-encoded with FFmpeg's AAC encoder in frames of the encoder's size. Timestamps count samples
 * from the first decoded frame, so the track stays where the input had it.
 */
final class AacTrack {
    private static final int BITRATE_PER_CHANNEL = 96_000;
    private static final int[] AAC_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

    private final AVFormatContext out;
    private final AVStream stream;
    private final AVRational inputTimeBase;
    private final AVCodecContext decoder, encoder;
    private final SwrContext swr;
    private final AVAudioFifo fifo;
    private final AVFrame decoded = av_frame_alloc(), chunk = av_frame_alloc();
    private final AVPacket packet = av_packet_alloc();
    private final AVRational sampleTime;
    private final int channels, frameSize;
    private long nextPts = Long.MIN_VALUE;
    private boolean closed;

    private AacTrack(AVFormatContext out, AVStream in, AVCodecContext decoder, AVCodecContext encoder, SwrContext swr) throws InputException {
        this.out = out;
        this.inputTimeBase = in.time_base();
        this.decoder = decoder;
        this.encoder = encoder;
        this.swr = swr;
        this.channels = encoder.ch_layout().nb_channels();
        this.frameSize = encoder.frame_size() > 0 ? encoder.frame_size() : 1024;
        this.sampleTime = Ffmpeg.rational(1, encoder.sample_rate());
        this.fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, channels, frameSize * 2);
        stream = avformat_new_stream(out, null);
        if (stream == null || avcodec_parameters_from_context(stream.codecpar(), encoder) < 0) {
            throw new InputException("FFmpeg could not add an AAC stream to the output");
        }
        stream.time_base(sampleTime);
    }

    /** Sets up decoder, resampler and encoder for one input audio stream; fails with a reason. */
    static AacTrack open(AVFormatContext out, AVStream in, boolean globalHeader) throws InputException {
        String codecName = avcodec_get_name(in.codecpar().codec_id()).getString();
        AVCodec decCodec = avcodec_find_decoder(in.codecpar().codec_id());
        if (decCodec == null) {
            throw new InputException("no decoder for its audio codec '" + codecName + "' in this FFmpeg build");
        }
        AVCodec encCodec = avcodec_find_encoder_by_name("aac");
        if (encCodec == null) {
            throw new InputException("this FFmpeg build has no AAC encoder");
        }
        AVCodecContext dec = avcodec_alloc_context3(decCodec);
        AVCodecContext enc = null;
        SwrContext swr = null;
        try {
            avcodec_parameters_to_context(dec, in.codecpar());
            dec.pkt_timebase(in.time_base());
            int r = avcodec_open2(dec, decCodec, (AVDictionary) null);
            if (r < 0) throw new InputException("cannot open the " + codecName + " decoder (" + Ffmpeg.error(r) + ")");

            enc = avcodec_alloc_context3(encCodec);
            AVChannelLayout layout = new AVChannelLayout();
            if (dec.ch_layout().nb_channels() > 0) {
                av_channel_layout_copy(layout, dec.ch_layout());
            } else {
                av_channel_layout_default(layout, 2);
            }
            if (layout.order() == org.bytedeco.ffmpeg.global.avutil.AV_CHANNEL_ORDER_UNSPEC) {
                int n = layout.nb_channels();
                av_channel_layout_uninit(layout);
                av_channel_layout_default(layout, n);
            }
            av_channel_layout_copy(enc.ch_layout(), layout);
            enc.sample_rate(aacRate(dec.sample_rate()));
            enc.sample_fmt(AV_SAMPLE_FMT_FLTP);
            enc.bit_rate((long) BITRATE_PER_CHANNEL * Math.min(layout.nb_channels(), 6));
            enc.time_base(Ffmpeg.rational(1, enc.sample_rate()));
            if (globalHeader) enc.flags(enc.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            r = avcodec_open2(enc, encCodec, (AVDictionary) null);
            if (r < 0) throw new InputException("cannot open the AAC encoder (" + Ffmpeg.error(r) + ")");

            swr = new SwrContext(null);
            AVChannelLayout inLayout = new AVChannelLayout();
            av_channel_layout_copy(inLayout, dec.ch_layout().nb_channels() > 0 ? dec.ch_layout() : layout);
            if (inLayout.order() == org.bytedeco.ffmpeg.global.avutil.AV_CHANNEL_ORDER_UNSPEC) {
                int n = inLayout.nb_channels();
                av_channel_layout_uninit(inLayout);
                av_channel_layout_default(inLayout, n);
            }
            r = swr_alloc_set_opts2(swr, enc.ch_layout(), AV_SAMPLE_FMT_FLTP, enc.sample_rate(),
                    inLayout, dec.sample_fmt(), dec.sample_rate(), 0, null);
            if (r < 0 || swr_init(swr) < 0) throw new InputException("cannot set up audio resampling");
            return new AacTrack(out, in, dec, enc, swr);
        } catch (InputException | RuntimeException e) {
            avcodec_free_context(dec);
            if (enc != null) avcodec_free_context(enc);
            if (swr != null && !swr.isNull()) swr_free(swr);
            throw e;
        }
    }

    private static int aacRate(int rate) {
        for (int r : AAC_RATES) if (r == rate) return r;
        return 48000;
    }

    int streamIndex() {
        return stream.index();
    }

    /** Decodes one input packet and encodes whatever whole AAC frames that completes. */
    void write(AudioPacket p) throws java.io.IOException {
        int r = avcodec_send_packet(decoder, p.packet);
        // A damaged audio packet is dropped, as a player would; the video goes on.
        if (r >= 0) {
            drainDecoder();
        }
    }

    void finish() throws java.io.IOException {
        avcodec_send_packet(decoder, (AVPacket) null);
        drainDecoder();
        convertAndQueue(null, 0);
        encodeFifo(true);
        avcodec_send_frame(encoder, null);
        drainEncoder();
    }

    private void drainDecoder() throws java.io.IOException {
        while (avcodec_receive_frame(decoder, decoded) == 0) {
            try {
                if (nextPts == Long.MIN_VALUE) {
                    long ts = decoded.best_effort_timestamp();
                    nextPts = ts == Ffmpeg.NO_PTS ? 0 : Math.max(0, av_rescale_q(ts, inputTimeBase, sampleTime));
                }
                convertAndQueue(decoded.extended_data(), decoded.nb_samples());
            } finally {
                av_frame_unref(decoded);
            }
            encodeFifo(false);
        }
    }

    /** Resamples (input null = flush the resampler) into the FIFO. */
    private void convertAndQueue(PointerPointer<?> input, int samples) {
        if (nextPts == Long.MIN_VALUE) {
            return;
        }
        int capacity = (int) (swr_get_delay(swr, encoder.sample_rate()) + (long) samples * encoder.sample_rate() / Math.max(1, decoder.sample_rate()) + 32);
        PointerPointer<BytePointer> buffers = new PointerPointer<>(channels);
        IntPointer lineSize = new IntPointer(1);
        if (av_samples_alloc(buffers, lineSize, channels, capacity, AV_SAMPLE_FMT_FLTP, 0) < 0) {
            throw new OutOfMemoryError("FFmpeg could not allocate audio samples");
        }
        try {
            int converted = swr_convert(swr, buffers, capacity, input, samples);
            if (converted > 0) {
                av_audio_fifo_write(fifo, buffers, converted);
            }
        } finally {
            av_freep(buffers);
            buffers.close();
            lineSize.close();
        }
    }

    private void encodeFifo(boolean all) throws java.io.IOException {
        while (av_audio_fifo_size(fifo) >= frameSize || all && av_audio_fifo_size(fifo) > 0) {
            int n = Math.min(frameSize, av_audio_fifo_size(fifo));
            chunk.nb_samples(n);
            chunk.format(AV_SAMPLE_FMT_FLTP);
            chunk.sample_rate(encoder.sample_rate());
            av_channel_layout_copy(chunk.ch_layout(), encoder.ch_layout());
            if (av_frame_get_buffer(chunk, 0) < 0) {
                throw new OutOfMemoryError("FFmpeg could not allocate an audio frame");
            }
            try {
                av_audio_fifo_read(fifo, chunk.extended_data(), n);
                chunk.pts(nextPts);
                nextPts += n;
                int r = avcodec_send_frame(encoder, chunk);
                if (r < 0) throw new java.io.IOException("the AAC encoder failed (" + Ffmpeg.error(r) + ")");
            } finally {
                av_frame_unref(chunk);
            }
            drainEncoder();
        }
    }

    private void drainEncoder() throws java.io.IOException {
        while (avcodec_receive_packet(encoder, packet) == 0) {
            av_packet_rescale_ts(packet, encoder.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            int r = av_interleaved_write_frame(out, packet);
            if (r < 0) throw new java.io.IOException("writing audio failed (" + Ffmpeg.error(r) + ")");
        }
    }

    void close() {
        if (closed) return;
        closed = true;
        avcodec_free_context(decoder);
        avcodec_free_context(encoder);
        swr_free(swr);
        av_audio_fifo_free(fifo);
        av_frame_free(decoded);
        av_frame_free(chunk);
        av_packet_free(packet);
    }
}
