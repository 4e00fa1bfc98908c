package org.tilestereo.video;

import java.nio.Buffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.tilestereo.image.RgbImage;

/**
 * What a video file holds, read back with JavaCV's FFmpegFrameGrabber: code independent of the
 * project's reader, so a test of the writer does not check it with its own twin.
 *
 * @param videoMicros   timestamp of every video frame, in decoding order
 * @param audioSamples  decoded audio samples per channel (0 without audio)
 * @param audioStartMicros timestamp of the first audio frame (-1 without audio)
 */
public record VideoProbe(String format, String videoCodec, int width, int height, double fps, List<Long> videoMicros,
                         String audioCodec, int audioChannels, int sampleRate, long audioSamples, long audioStartMicros) {

    public static VideoProbe of(Path file) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            List<Long> video = new ArrayList<>();
            long samples = 0, audioStart = -1;
            Frame f;
            while ((f = g.grabFrame(true, true, true, false)) != null) {
                if (f.image != null) {
                    video.add(f.timestamp);
                }
                if (f.samples != null) {
                    if (audioStart < 0) audioStart = f.timestamp;
                    Buffer b = f.samples[0];
                    samples += f.samples.length > 1 ? b.limit() : b.limit() / Math.max(1, f.audioChannels);
                }
            }
            return new VideoProbe(g.getFormat(), g.getVideoCodecName(), g.getImageWidth(), g.getImageHeight(),
                    g.getVideoFrameRate(), video, g.getAudioChannels() > 0 ? g.getAudioCodecName() : null,
                    g.getAudioChannels(), g.getSampleRate(), samples, audioStart);
        }
    }

    /** Frame number index (0-based, decoding order) as RGB. */
    public static RgbImage frame(Path file, int index) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            Frame f = null;
            for (int i = 0; i <= index; i++) {
                f = g.grabImage();
                if (f == null) throw new AssertionError(file + " has only " + i + " frames, frame " + index + " asked for");
            }
            int w = f.imageWidth, h = f.imageHeight, stride = f.imageStride;
            java.nio.ByteBuffer bgr = (java.nio.ByteBuffer) f.image[0];
            RgbImage out = new RgbImage(w, h);
            byte[] d = out.data();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int s = y * stride + 3 * x, o = 3 * (y * w + x);
                    d[o] = bgr.get(s + 2);
                    d[o + 1] = bgr.get(s + 1);
                    d[o + 2] = bgr.get(s);
                }
            }
            return out;
        }
    }

    /** PSNR in dB of b against a over a's region (x0, y0, w, h) and b's at (bx0, by0). */
    public static double psnr(RgbImage a, int x0, int y0, RgbImage b, int bx0, int by0, int w, int h) {
        double se = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int diff = a.get(x0 + x, y0 + y, c) - b.get(bx0 + x, by0 + y, c);
                    se += diff * diff;
                }
            }
        }
        double mse = se / (3.0 * w * h);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    public int frames() {
        return videoMicros.size();
    }

    public double audioSeconds() {
        return sampleRate == 0 ? 0 : audioSamples / (double) sampleRate;
    }

    /** Frame timestamps strictly increase. */
    public boolean monotonic() {
        for (int i = 1; i < videoMicros.size(); i++) {
            if (videoMicros.get(i) <= videoMicros.get(i - 1)) return false;
        }
        return true;
    }
}
