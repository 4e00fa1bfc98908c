package org.tilestereo.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tilestereo.onnx.Attribute;
import org.tilestereo.onnx.OnnxDataType;
import org.tilestereo.onnx.OnnxModelBuilder;
import org.tilestereo.onnx.TensorValue;

/**
 * A Depth-Anything-shaped test network, written the way torch.onnx exports DINOv2 + DPT: patch
 * embedding Conv, Reshape/Transpose to tokens, a class token expanded with the Equal/Where "-1"
 * pattern, position embeddings resized with scales computed from the input's Shape, pre-norm
 * blocks (LayerNormalization, fused qkv MatMul split by Gather, Softmax attention, Erf GELU, layer
 * scale Mul), four intermediate layers into a DPT head (ConvTranspose, Conv, residual conv units,
 * Resize to sizes taken from other tensors' shapes) and a depth map the input's size.
 *
 * <p>Weights are zeros and arrays of the same length are shared, so even a ViT-S-sized model costs
 * the heap little while building; the file still holds every weight.
 */
final class VitDptGraph {
    /**
     * @param dim       token width D
     * @param depth     transformer blocks
     * @param heads     attention heads
     * @param taps      the four blocks whose outputs feed the head
     * @param features  DPT fusion width F
     * @param out       DPT per-level channels
     * @param grid      position-embedding grid (37 for a 518 training size)
     */
    record Config(int dim, int depth, int heads, int[] taps, int features, int[] out, int grid) {
    }

    static final int PATCH = 14;
    static final Config TINY = new Config(32, 4, 2, new int[] {0, 1, 2, 3}, 16, new int[] {8, 16, 32, 32}, 4);
    static final Config VIT_S = new Config(384, 12, 6, new int[] {2, 5, 8, 11}, 64, new int[] {48, 96, 192, 384}, 37);

    private final OnnxModelBuilder b;
    private final Config c;
    private final Map<Integer, byte[]> zeros = new HashMap<>();
    private int next;

    private VitDptGraph(Config c) {
        this.c = c;
        this.b = new OnnxModelBuilder("vit_dpt");
    }

    static OnnxModelBuilder build(Config c) {
        return new VitDptGraph(c).graph();
    }

    /** Parameters by formula, independent of how {@link #build} lays the graph out. */
    static long expectedParameters(Config c) {
        long d = c.dim();
        long f = c.features();
        long[] o = {c.out()[0], c.out()[1], c.out()[2], c.out()[3]};
        long encoder = d * 3 * PATCH * PATCH + d            // patch embedding
                + d + (1L + (long) c.grid() * c.grid()) * d  // class token, position embeddings
                + c.depth() * (12 * d * d + 15 * d)          // per block: qkv 3D^2, proj D^2, MLP 8D^2; 15D of biases, norms, scales
                + 2 * d;                                     // final norm
        long head = 0;
        for (long oc : o) {
            head += d * oc + oc          // 1x1 projection
                    + f * oc * 9;        // layer_rn 3x3, no bias
        }
        head += o[0] * o[0] * 16 + o[0]  // ConvTranspose 4x4
                + o[1] * o[1] * 4 + o[1] // ConvTranspose 2x2
                + o[3] * o[3] * 9 + o[3];// Conv 3x3 stride 2
        long rcu = 2 * (9 * f * f + f);
        head += 7 * rcu + 4 * (f * f + f);          // refinenet4 has one unit, the others two; each a 1x1 out conv
        head += (f / 2) * f * 9 + f / 2 + 32 * (f / 2) * 9 + 32 + 32 + 1;
        return encoder + head;
    }

    private OnnxModelBuilder graph() {
        int d = c.dim();
        b.input("image", OnnxDataType.FLOAT, "N", 3, "H", "W");
        String pe = op("Conv", List.of("image", weight("patch_w", d, 3, PATCH, PATCH), weight("patch_b", d)),
                Attribute.ints("strides", PATCH, PATCH));
        String tokens = op("Transpose", List.of(op("Reshape", List.of(pe, longs("flat", 0, 0, -1)))), Attribute.ints("perm", 0, 2, 1));

        String shapeImage = op("Shape", List.of("image"));
        String n1 = unsqueeze(op("Gather", List.of(shapeImage, scalar("i0", 0))));
        String h0 = op("Div", List.of(op("Gather", List.of(shapeImage, scalar("i2", 2))), scalar("patch", PATCH)));
        String w0 = op("Div", List.of(op("Gather", List.of(shapeImage, scalar("i3", 3))), scalar("patch", PATCH)));
        String h01 = unsqueeze(h0);
        String w01 = unsqueeze(w0);

        // cls_token.expand(N, -1, -1) as torch exports it.
        String expand = op("Concat", List.of(n1, longs("minus_ones", -1, -1)), Attribute.of("axis", 0L));
        String ones = op("ConstantOfShape", List.of(longs("three", 3)), Attribute.of("value", TensorValue.longs("", new long[] {1}, 1)));
        String isMinus = op("Equal", List.of(expand, scalar("minus_one", -1)));
        String target = op("Where", List.of(isMinus, ones, expand));
        String cls = op("Expand", List.of(weight("cls_token", 1, 1, d), target));
        String x = op("Concat", List.of(cls, tokens), Attribute.of("axis", 1L));

        // Position embeddings for the grid the input makes: bicubic resize by (h0 + 0.1) / grid.
        int g = c.grid();
        String pos = weight("pos_embed", 1, 1 + g * g, d);
        String posCls = op("Slice", List.of(pos, longs("s0", 0), longs("s1", 1), longs("ax1", 1)));
        String posPatch = op("Slice", List.of(pos, longs("s1", 1), longs("end", Long.MAX_VALUE), longs("ax1", 1)));
        String grid = op("Transpose", List.of(op("Reshape", List.of(posPatch, longs("grid_shape", 1, g, g, d)))),
                Attribute.ints("perm", 0, 3, 1, 2));
        String sy = unsqueeze(op("Div", List.of(op("Add", List.of(op("Cast", List.of(h0), Attribute.of("to", 1L)), constant(0.1f))),
                constant((float) g))));
        String sx = unsqueeze(op("Div", List.of(op("Add", List.of(op("Cast", List.of(w0), Attribute.of("to", 1L)), constant(0.1f))),
                constant((float) g))));
        String scales = op("Concat", List.of(floats("one_one", 1f, 1f), sy, sx), Attribute.of("axis", 0L));
        String resized = op("Resize", List.of(grid, "", scales), Attribute.of("mode", "cubic"));
        String posFlat = op("Reshape", List.of(op("Transpose", List.of(resized), Attribute.ints("perm", 0, 2, 3, 1)),
                longs("pos_flat", 1, -1, d)));
        x = op("Add", List.of(x, op("Concat", List.of(posCls, posFlat), Attribute.of("axis", 1L))));

        String t1 = unsqueeze(op("Gather", List.of(op("Shape", List.of(x)), scalar("i1", 1))));
        String qkvShape = op("Concat", List.of(n1, t1, longs("qkv_tail", 3, c.heads(), d / c.heads())), Attribute.of("axis", 0L));
        String backShape = op("Concat", List.of(n1, t1, longs("dim", d)), Attribute.of("axis", 0L));

        List<String> taps = new ArrayList<>();
        for (int i = 0; i < c.depth(); i++) {
            x = block(i, x, qkvShape, backShape);
            for (int t : c.taps()) {
                if (t == i) {
                    taps.add(x);
                }
            }
        }
        String normG = weight("norm_g", d);
        String normB = weight("norm_b", d);
        String[] levels = new String[4];
        for (int i = 0; i < 4; i++) {
            String normed = op("LayerNormalization", List.of(taps.get(i), normG, normB), Attribute.of("epsilon", 1e-6f));
            String patches = op("Slice", List.of(normed, longs("s1", 1), longs("end", Long.MAX_VALUE), longs("ax1", 1)));
            String map = op("Reshape", List.of(op("Transpose", List.of(patches), Attribute.ints("perm", 0, 2, 1)),
                    op("Concat", List.of(n1, longs("dim", d), h01, w01), Attribute.of("axis", 0L))));
            int oc = c.out()[i];
            String proj = op("Conv", List.of(map, weight("proj" + i + "_w", oc, d, 1, 1), weight("proj" + i + "_b", oc)));
            String level = switch (i) {
                case 0 -> op("ConvTranspose", List.of(proj, weight("up0_w", oc, oc, 4, 4), weight("up0_b", oc)), Attribute.ints("strides", 4, 4));
                case 1 -> op("ConvTranspose", List.of(proj, weight("up1_w", oc, oc, 2, 2), weight("up1_b", oc)), Attribute.ints("strides", 2, 2));
                case 2 -> proj;
                default -> op("Conv", List.of(proj, weight("down3_w", oc, oc, 3, 3), weight("down3_b", oc)),
                        Attribute.ints("strides", 2, 2), Attribute.ints("pads", 1, 1, 1, 1));
            };
            levels[i] = op("Conv", List.of(level, weight("rn" + i + "_w", c.features(), oc, 3, 3)), Attribute.ints("pads", 1, 1, 1, 1));
        }
        String path = fuse(3, null, levels[3], levels[2]);
        path = fuse(2, path, levels[2], levels[1]);
        path = fuse(1, path, levels[1], levels[0]);
        path = fuse(0, path, levels[0], null);

        int f = c.features();
        String h1 = conv3(path, "head1", f / 2, f, true);
        String outSize = op("Concat", List.of(op("Slice", List.of(op("Shape", List.of(h1)), longs("s0", 0), longs("s2", 2))),
                op("Mul", List.of(h01, longs("patch1", PATCH))), op("Mul", List.of(w01, longs("patch1", PATCH)))),
                Attribute.of("axis", 0L));
        String up = op("Resize", List.of(h1, "", "", outSize), Attribute.of("mode", "linear"),
                Attribute.of("coordinate_transformation_mode", "align_corners"));
        String h2 = op("Relu", List.of(conv3(up, "head2", 32, f / 2, true)));
        String depth = op("Relu", List.of(op("Conv", List.of(h2, weight("head3_w", 1, 32, 1, 1), weight("head3_b", 1)))));
        b.node("Squeeze", List.of(depth, longs("ax1", 1)), List.of("depth"));
        b.output("depth", OnnxDataType.FLOAT, "N", "H", "W");
        return b;
    }

    private String block(int i, String x, String qkvShape, String backShape) {
        int d = c.dim();
        String p = "b" + i + "_";
        String ln1 = op("LayerNormalization", List.of(x, weight(p + "ln1_g", d), weight(p + "ln1_b", d)), Attribute.of("epsilon", 1e-6f));
        String qkv = op("Add", List.of(op("MatMul", List.of(ln1, weight(p + "qkv_w", d, 3 * d))), weight(p + "qkv_b", 3 * d)));
        String split = op("Transpose", List.of(op("Reshape", List.of(qkv, qkvShape))), Attribute.ints("perm", 2, 0, 3, 1, 4));
        String q = op("Mul", List.of(op("Gather", List.of(split, scalar("i0", 0))), constant((float) Math.pow(d / c.heads(), -0.5))));
        String k = op("Gather", List.of(split, scalar("i1", 1)));
        String v = op("Gather", List.of(split, scalar("i2", 2)));
        String scores = op("MatMul", List.of(q, op("Transpose", List.of(k), Attribute.ints("perm", 0, 1, 3, 2))));
        String attn = op("Softmax", List.of(scores), Attribute.of("axis", -1L));
        String o = op("Transpose", List.of(op("MatMul", List.of(attn, v))), Attribute.ints("perm", 0, 2, 1, 3));
        String proj = op("Add", List.of(op("MatMul", List.of(op("Reshape", List.of(o, backShape)), weight(p + "proj_w", d, d))),
                weight(p + "proj_b", d)));
        x = op("Add", List.of(x, op("Mul", List.of(proj, weight(p + "ls1", d)))));
        String ln2 = op("LayerNormalization", List.of(x, weight(p + "ln2_g", d), weight(p + "ln2_b", d)), Attribute.of("epsilon", 1e-6f));
        String fc1 = op("Add", List.of(op("MatMul", List.of(ln2, weight(p + "fc1_w", d, 4 * d))), weight(p + "fc1_b", 4 * d)));
        String erf = op("Erf", List.of(op("Div", List.of(fc1, constant((float) Math.sqrt(2))))));
        String gelu = op("Mul", List.of(op("Mul", List.of(fc1, op("Add", List.of(erf, constant(1f))))), constant(0.5f)));
        String fc2 = op("Add", List.of(op("MatMul", List.of(gelu, weight(p + "fc2_w", 4 * d, d))), weight(p + "fc2_b", d)));
        return op("Add", List.of(x, op("Mul", List.of(fc2, weight(p + "ls2", d)))));
    }

    /** A DPT fusion block: optional skip input through one residual unit, a second unit, resize, 1x1 conv. */
    private String fuse(int level, String path, String skip, String sizeOf) {
        String p = "fuse" + level + "_";
        String out;
        if (path == null) {
            out = skip;
        } else {
            out = op("Add", List.of(path, residualUnit(p + "rcu1_", skip)));
        }
        out = residualUnit(p + "rcu2_", out);
        if (sizeOf != null) {
            String sizes = op("Concat", List.of(op("Slice", List.of(op("Shape", List.of(out)), longs("s0", 0), longs("s2", 2))),
                    op("Slice", List.of(op("Shape", List.of(sizeOf)), longs("s2", 2), longs("s4", 4)))), Attribute.of("axis", 0L));
            out = op("Resize", List.of(out, "", "", sizes), Attribute.of("mode", "linear"),
                    Attribute.of("coordinate_transformation_mode", "align_corners"));
        } else {
            out = op("Resize", List.of(out, "", floats("twice", 1f, 1f, 2f, 2f)), Attribute.of("mode", "linear"),
                    Attribute.of("coordinate_transformation_mode", "align_corners"));
        }
        int f = c.features();
        return op("Conv", List.of(out, weight(p + "out_w", f, f, 1, 1), weight(p + "out_b", f)));
    }

    private String residualUnit(String p, String x) {
        int f = c.features();
        String y = conv3(op("Relu", List.of(x)), p + "c1", f, f, true);
        y = conv3(op("Relu", List.of(y)), p + "c2", f, f, true);
        return op("Add", List.of(y, x));
    }

    private String conv3(String x, String name, int out, int in, boolean bias) {
        List<String> inputs = bias ? List.of(x, weight(name + "_w", out, in, 3, 3), weight(name + "_b", out))
                : List.of(x, weight(name + "_w", out, in, 3, 3));
        return op("Conv", inputs, Attribute.ints("pads", 1, 1, 1, 1));
    }

    private String op(String type, List<String> inputs, Attribute... attributes) {
        String out = type.toLowerCase() + "_" + next++;
        b.node(type, inputs, List.of(out), attributes);
        return out;
    }

    private String unsqueeze(String x) {
        return op("Unsqueeze", List.of(x, longs("ax0", 0)));
    }

    private final Map<String, Boolean> defined = new HashMap<>();

    private String weight(String name, int... dims) {
        long[] shape = new long[dims.length];
        int n = 1;
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i];
            n *= dims[i];
        }
        // Same-sized weights share one zero array: the builder keeps references until it writes.
        b.initializer(new TensorValue(name, OnnxDataType.FLOAT, shape, zeros.computeIfAbsent(n, k -> new byte[4 * k])));
        return name;
    }

    /** An int64 1-D initializer, defined once however often it is used. */
    private String longs(String name, long... values) {
        if (defined.putIfAbsent(name, true) == null) {
            b.initializer(name, values, values.length);
        }
        return name;
    }

    private String scalar(String name, long value) {
        if (defined.putIfAbsent(name, true) == null) {
            b.initializer(name, new long[] {value});
        }
        return name;
    }

    /** A float vector as a Constant node (a literal, not a parameter). */
    private String floats(String name, float... values) {
        return op("Constant", List.of(), Attribute.of("value", TensorValue.floats(name, values, values.length)));
    }

    /** A float scalar as a Constant node, as exporters write literals; not a parameter. */
    private String constant(float value) {
        return op("Constant", List.of(), Attribute.of("value", TensorValue.floats("", new float[] {value})));
    }
}
