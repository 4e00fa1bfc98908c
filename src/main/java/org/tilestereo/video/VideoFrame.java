package org.tilestereo.video;

import java.util.ArrayList;
import java.util.List;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;

/**
 * One frame's slot in the pipeline: its decoded picture, the buffer its conversion goes to, and
 * what travels with it (timestamp, the audio packets read before it). Slots are allocated once per
 * run and recycled, so a run allocates no frame memory after its start.
 */
public final class VideoFrame {
    final RgbImage input, output;
    final List<AudioPacket> audio = new ArrayList<>();
    long index, pts;
    boolean damaged, sceneCut, end;
    private FloatMap disparity;
    private float disparityRange;

    VideoFrame(RgbImage input, RgbImage output) {
        this.input = input;
        this.output = output;
    }

    /** The decoded frame (RGB, the input's size). */
    public RgbImage input() {
        return input;
    }

    /** Where the converted frame goes (the output layout's size). */
    public RgbImage output() {
        return output;
    }

    /** 0 for the first frame converted. */
    public long index() {
        return index;
    }

    /** True when this frame starts a new shot: temporal state (depth range smoothing) restarts here. */
    public boolean sceneCut() {
        return sceneCut;
    }

    /**
     * A stage may report the frame's disparity (pixels, or normalised depth with range 1) for the
     * flicker score; it needs to stay valid only until the stage's emit call returns.
     */
    public void reportDisparity(FloatMap disparity, float range) {
        this.disparity = disparity;
        this.disparityRange = range;
    }

    FloatMap disparity() {
        return disparity;
    }

    float disparityRange() {
        return disparityRange;
    }

    /** Ready for the next frame; audio still attached is freed. */
    void recycle() {
        for (AudioPacket p : audio) p.free();
        audio.clear();
        disparity = null;
        damaged = sceneCut = end = false;
    }
}
