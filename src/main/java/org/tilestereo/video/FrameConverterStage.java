package org.tilestereo.video;

import org.tilestereo.depth.DepthSource;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.pipeline.FrameConverter;
import org.tilestereo.pipeline.StageTimes;
import org.tilestereo.pipeline.StereoSettings;

/**
 * The synchronous conversion stage: the photo pipeline's {@link FrameConverter}, frame after frame,
 * with the depth range smoothed over time and reset at scene cuts. Works with any operator set (the
 * Java reference on the CPU, or CUDA kernels called one after another); the depth layout becomes a
 * grey video (near = bright).
 */
public final class FrameConverterStage implements ConversionStage {
    private final StereoKernels kernels;
    private final DepthSource depth;
    private final StereoSettings settings;
    private final TemporalDepthRange range;
    private final FrameConverter converter;
    private final StageTimes times;

    /** range may be null: each frame normalised on its own, as a photo is. */
    public FrameConverterStage(StereoKernels kernels, DepthSource depth, StereoSettings settings,
                               TemporalDepthRange range, StageTimes times) {
        this.kernels = kernels;
        this.depth = depth;
        this.settings = settings;
        this.range = range;
        this.times = times;
        this.converter = new FrameConverter(kernels, depth, settings, times,
                range == null ? FrameConverter.RangeFilter.NONE : range, false);
    }

    /** Width and height of the frames this stage writes, for input frames of width x height. */
    public static int[] outputSize(Layout layout, int width, int height) {
        return switch (layout) {
            case DEPTH, LEFT, RIGHT -> new int[] {width, height};
            case SBS, HSBS, TB, HTB, ANAGLYPH -> new int[] {layout.outputWidth(width), layout.outputHeight(height)};
        };
    }

    @Override
    public String describe() {
        return kernels.name() + " operators, depth " + depth.describe()
                + (range == null ? ", no temporal smoothing" : ", depth range smoothed over time");
    }

    @Override
    public int maxInFlight() {
        return 1;
    }

    @Override
    public void submit(VideoFrame frame, Emitter done) throws Exception {
        if (frame.sceneCut() && range != null) {
            range.reset();
        }
        FrameConverter.Result result = converter.convert(frame.input());
        long t0 = System.nanoTime();
        if (result.image() != null) {
            RgbImage img = result.image();
            System.arraycopy(img.data(), 0, frame.output().data(), 0, img.data().length);
            FloatMap d = converter.disparity();
            float span = settings.disparity().rangePixels(frame.input().width());
            frame.reportDisparity(d, span);
        } else {
            grey(result.depth(), frame.output());
            frame.reportDisparity(result.depth(), 1f);
        }
        times.add("copy", System.nanoTime() - t0);
        done.emit(frame);
    }

    private static void grey(FloatMap depth, RgbImage out) {
        float[] v = depth.data();
        byte[] d = out.data();
        for (int i = 0, j = 0; i < v.length; i++, j += 3) {
            float x = v[i];
            int g = Float.isNaN(x) ? 0 : (int) (Math.max(0f, Math.min(1f, x)) * 255f + 0.5f);
            d[j] = d[j + 1] = d[j + 2] = (byte) g;
        }
    }

    @Override
    public void flush(Emitter done) {
    }

    /** Frees the converter's program and, on a device, its memory; the depth source stays open. */
    @Override
    public void close() {
        converter.close();
    }
}
