package org.tilestereo.depth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.tilestereo.onnx.Attribute;
import org.tilestereo.onnx.OnnxDataType;
import org.tilestereo.onnx.OnnxModelBuilder;

/** Tiny depth-shaped ONNX models the tests build for themselves. */
public final class DepthTestModels {
    private DepthTestModels() {
    }

    static final long[] REFLECT_1 = {0, 0, 1, 1, 0, 0, 1, 1};

    public static Path write(OnnxModelBuilder model, Path file) {
        try {
            model.writeTo(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** depth = w . rgb + bias per pixel (a 1x1 convolution); batch is "N" or a fixed number. */
    public static OnnxModelBuilder perPixel(Object batch, float[] w, float bias) {
        return new OnnxModelBuilder("per_pixel")
                .input("image", OnnxDataType.FLOAT, batch, 3, "H", "W")
                .initializer("w", w, 1, 3, 1, 1)
                .initializer("b", new float[] {bias}, 1)
                .node("Conv", List.of("image", "w", "b"), List.of("depth"), Attribute.ints("kernel_shape", 1, 1))
                .output("depth", OnnxDataType.FLOAT, batch, 1, "H", "W");
    }

    /** depth = w . rgb + bias per pixel on a static 1x3xHxW input, as some exports fix 1x3x518x518. */
    public static OnnxModelBuilder staticPerPixel(int height, int width) {
        return new OnnxModelBuilder("static_per_pixel")
                .input("image", OnnxDataType.FLOAT, 1, 3, height, width)
                .initializer("w", new float[] {0.3f, 0.6f, 0.1f}, 1, 3, 1, 1)
                .initializer("b", new float[] {0.5f}, 1)
                .node("Conv", List.of("image", "w", "b"), List.of("depth"), Attribute.ints("kernel_shape", 1, 1))
                .output("depth", OnnxDataType.FLOAT, 1, 1, height, width);
    }

    /**
     * Two reflect-padded 3x3 convolutions (3 -> 4 -> 1 channels, tanh between): receptive field
     * radius 2, output the input's size. Kernels are mirror-symmetric in x and in y: then a layer's
     * output at a reflected position equals the reflected output, so ONNX's per-layer reflect padding
     * of the whole frame matches one reflect-101 padding of the input, which is what tiles get.
     */
    public static OnnxModelBuilder symmetricConvStack(long seed) {
        Random r = new Random(seed);
        return new OnnxModelBuilder("conv_stack")
                .input("image", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .initializer("pads", REFLECT_1, 8)
                .initializer("w1", symmetricKernels(4, 3, r), 4, 3, 3, 3)
                .initializer("b1", randoms(4, r), 4)
                .initializer("w2", symmetricKernels(1, 4, r), 1, 4, 3, 3)
                .initializer("b2", randoms(1, r), 1)
                .node("Pad", List.of("image", "pads"), List.of("p1"), Attribute.of("mode", "reflect"))
                .node("Conv", List.of("p1", "w1", "b1"), List.of("c1"), Attribute.ints("kernel_shape", 3, 3))
                .node("Tanh", List.of("c1"), List.of("t1"))
                .node("Pad", List.of("t1", "pads"), List.of("p2"), Attribute.of("mode", "reflect"))
                .node("Conv", List.of("p2", "w2", "b2"), List.of("depth"), Attribute.ints("kernel_shape", 3, 3))
                .output("depth", OnnxDataType.FLOAT, "N", 1, "H", "W");
    }

    /**
     * One reflect-padded 3x3 convolution with arbitrary weights (radius 1; one layer needs no
     * symmetry), squeezed to an [N,H,W] output.
     */
    static OnnxModelBuilder convRank3(long seed) {
        Random r = new Random(seed);
        return new OnnxModelBuilder("conv_rank3")
                .input("image", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .initializer("pads", REFLECT_1, 8)
                .initializer("w", randoms(27, r), 1, 3, 3, 3)
                .initializer("axes", new long[] {1}, 1)
                .node("Pad", List.of("image", "pads"), List.of("p"), Attribute.of("mode", "reflect"))
                .node("Conv", List.of("p", "w"), List.of("c"), Attribute.ints("kernel_shape", 3, 3))
                .node("Squeeze", List.of("c", "axes"), List.of("depth"))
                .output("depth", OnnxDataType.FLOAT, "N", "H", "W");
    }

    /** depth = sqrt(-(|conv(x)| + 1)): NaN everywhere, a model broken for every input. */
    public static OnnxModelBuilder nanOutput() {
        return new OnnxModelBuilder("nan")
                .input("image", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .initializer("w", new float[] {1, 1, 1}, 1, 3, 1, 1)
                .initializer("one", new float[] {1f})
                .node("Conv", List.of("image", "w"), List.of("c"))
                .node("Abs", List.of("c"), List.of("a"))
                .node("Add", List.of("a", "one"), List.of("p"))
                .node("Neg", List.of("p"), List.of("n"))
                .node("Sqrt", List.of("n"), List.of("depth"))
                .output("depth", OnnxDataType.FLOAT, "N", 1, "H", "W");
    }

    public static float[] randoms(int n, Random r) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2f - 1f;
        }
        return v;
    }

    private static float[] symmetricKernels(int out, int in, Random r) {
        float[] w = new float[out * in * 9];
        for (int k = 0; k < out * in; k++) {
            float corner = r.nextFloat() - 0.5f, vertical = r.nextFloat() - 0.5f;
            float horizontal = r.nextFloat() - 0.5f, centre = r.nextFloat() - 0.5f;
            float[] kernel = {corner, vertical, corner, horizontal, centre, horizontal, corner, vertical, corner};
            System.arraycopy(kernel, 0, w, k * 9, 9);
        }
        return w;
    }
}
