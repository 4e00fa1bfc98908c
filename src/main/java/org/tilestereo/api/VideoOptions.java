package org.tilestereo.api;

import org.tilestereo.video.SceneCutDetector;
import org.tilestereo.video.TemporalDepthRange;
import org.tilestereo.video.VideoCodec;

/**
 * How a video is converted, beyond what a photo needs.
 *
 * @param codec            H.264 or H.265
 * @param crf              constant-quality level, 0..51, lower is better (x264's scale; constant QP
 *                         where the encoder has no CRF)
 * @param startMicros      where in the input to start (0 = the beginning)
 * @param durationMicros   how much to convert (0 = to the end)
 * @param smoothing        weight of each new frame in the depth range's moving average, (0, 1]; 1 = none
 * @param sceneCutThreshold the least colour change score (see SceneCutDetector) that can be a cut, (0, 1]
 * @param queueDepth       frames each queue between the pipeline's threads holds
 */
public record VideoOptions(VideoCodec codec, int crf, long startMicros, long durationMicros, float smoothing,
                           double sceneCutThreshold, int queueDepth) {
    public static final int DEFAULT_CRF = 20;
    public static final VideoOptions DEFAULT = new VideoOptions(VideoCodec.H264, DEFAULT_CRF, 0, 0,
            TemporalDepthRange.DEFAULT_WEIGHT, SceneCutDetector.DEFAULT_MIN_SCORE, 3);

    public VideoOptions {
        if (codec == null) throw new IllegalArgumentException("codec must be given");
        if (crf < 0 || crf > 51) throw new IllegalArgumentException("crf must be within 0..51, got " + crf);
        if (startMicros < 0) throw new IllegalArgumentException("start must not be negative, got " + startMicros + " us");
        if (durationMicros < 0) throw new IllegalArgumentException("duration must not be negative, got " + durationMicros + " us");
        if (!(smoothing > 0f && smoothing <= 1f)) throw new IllegalArgumentException("smoothing must be within (0, 1], got " + smoothing);
        if (!(sceneCutThreshold > 0 && sceneCutThreshold <= 1)) {
            throw new IllegalArgumentException("scene cut threshold must be within (0, 1], got " + sceneCutThreshold);
        }
        if (queueDepth < 1 || queueDepth > 64) throw new IllegalArgumentException("queue depth must be within 1..64, got " + queueDepth);
    }

    public VideoOptions withCodec(VideoCodec c) {
        return new VideoOptions(c, crf, startMicros, durationMicros, smoothing, sceneCutThreshold, queueDepth);
    }

    public VideoOptions withCrf(int q) {
        return new VideoOptions(codec, q, startMicros, durationMicros, smoothing, sceneCutThreshold, queueDepth);
    }

    public VideoOptions withRange(long start, long duration) {
        return new VideoOptions(codec, crf, start, duration, smoothing, sceneCutThreshold, queueDepth);
    }

    public VideoOptions withSmoothing(float weight) {
        return new VideoOptions(codec, crf, startMicros, durationMicros, weight, sceneCutThreshold, queueDepth);
    }
}
