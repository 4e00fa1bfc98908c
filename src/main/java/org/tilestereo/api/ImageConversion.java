package org.tilestereo.api;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.plan.Plan;
import org.tilestereo.image.RgbImage;
import org.tilestereo.io.ImageFiles;
import org.tilestereo.io.ImageOutput;
import org.tilestereo.io.InputException;
import org.tilestereo.io.OutputFile;
import org.tilestereo.kernels.Layout;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.pipeline.FrameConverter;
import org.tilestereo.pipeline.StageTimes;

/**
 * Converts one photo. Every check that can fail cheaply (output folder, overwrite, file types,
 * depth map, model) runs before the expensive work, and the result is written through a temporary
 * file, so a failure never leaves a partial output or touches an existing one.
 */
public final class ImageConversion {
    private ImageConversion() {
    }

    public static ConversionReport run(ConvertOptions o, PrintStream log) throws ConversionException {
        return run(o, log, null);
    }

    /** A photo of a bigger run (a folder) that shares its kernels and depth model; shared may be null. */
    public static ConversionReport run(ConvertOptions o, PrintStream log, RunResources shared) throws ConversionException {
        try {
            return convert(o, log, shared);
        } catch (InputException | DepthException e) {
            throw new ConversionException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ConversionException(o.output() + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    private static ConversionReport convert(ConvertOptions o, PrintStream log, RunResources shared)
            throws InputException, DepthException, IOException {
        Layout layout = o.stereo().layout();
        ImageOutput.formatOf(o.output());
        if (layout == Layout.DEPTH && !"png".equals(ImageOutput.formatOf(o.output()))) {
            throw new InputException(o.output() + ": the depth layout is a 16-bit PNG; name the output .png");
        }
        refuseToOverwriteAnInput(o);
        OutputFile.check(o.output(), o.overwrite());

        StageTimes times = new StageTimes();
        // The photo first: a bad input is the first (and only) thing said, before any backend or model loads.
        RgbImage frame = times.time("decode", () -> ImageFiles.readRgb(o.input()));
        RunResources own = shared == null ? new RunResources(o, log) : null;
        try {
            RunResources resources = shared != null ? shared : own;
            StereoKernels kernels = resources.kernels();
            DepthSource depth = resources.depth();
            if (o.verbose()) {
                log.println("backend: " + kernels.name() + "; depth: " + depth.describe());
            }
            FrameConverter.Result result;
            double seamScore;
            String warning = null;
            try (FrameConverter converter = new FrameConverter(kernels, depth, o.stereo(), times)) {
                result = converter.convert(frame);
                seamScore = converter.lastSeamScore();
                float[] flat = converter.lastFlatDepth();
                // A given map with one value was said when it was read; a model's is said here.
                if (flat != null && o.depth() instanceof DepthSpec.Model m) {
                    warning = String.format(java.util.Locale.ROOT, "warning: %s: the depth %s made has one value everywhere"
                            + " (%g): the two eyes are the same picture; the model sees no depth in this image", o.input(),
                            m.file().getFileName(), flat[0]);
                }
            }
            long t0 = System.nanoTime();
            if (result.image() != null) {
                ImageOutput.writeRgb(result.image(), o.output(), o.overwrite());
            } else {
                ImageOutput.writeDepth16(result.depth(), o.output(), o.overwrite());
            }
            times.add("encode", System.nanoTime() - t0);
            resources.sayNotes();
            if (warning != null) {
                log.println(warning);
            }
            if (o.verbose()) {
                Plan plan = depth.plan();
                if (plan != null) {
                    log.println("plan: " + plan.decision());
                    if (!Double.isNaN(seamScore)) {
                        log.printf(java.util.Locale.ROOT, "seam score: %.3f (blend zones vs tile interiors; 1 = no visible seams)%n",
                                seamScore);
                    }
                }
                log.println("time per stage (" + frame.size() + "):");
                times.print(log);
            }
            return new ConversionReport(o.output(), kernels.name(), depth.describe(), frame.width(), frame.height(), times);
        } finally {
            if (own != null) own.close();
        }
    }

    private static void refuseToOverwriteAnInput(ConvertOptions o) throws InputException, IOException {
        Path out = o.output().toAbsolutePath().normalize();
        Path[] inputs = o.depth() instanceof DepthSpec.Given g ? new Path[] {o.input(), g.file()}
                : o.depth() instanceof DepthSpec.Model m ? new Path[] {o.input(), m.file()} : new Path[] {o.input()};
        for (Path in : inputs) {
            Path abs = in.toAbsolutePath().normalize();
            if (abs.equals(out) || (Files.exists(abs) && Files.exists(out) && Files.isSameFile(abs, out))) {
                throw new InputException(o.output() + ": is an input of this conversion; inputs are never written, choose another output");
            }
        }
    }
}
