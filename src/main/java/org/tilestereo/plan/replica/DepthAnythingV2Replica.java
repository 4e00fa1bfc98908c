package org.tilestereo.plan.replica;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.tilestereo.onnx.OnnxDataType;
import org.tilestereo.onnx.OnnxModelBuilder;

/**
 * Depth Anything V2 with its real architecture and random weights, as ONNX: what fills memory and
 * takes time can be measured on it without the real weights. The graph is what an export of the
 * real model holds (DINOv2 ViT encoder + DPT head, see {@link DinoV2Encoder} and {@link DptHead}),
 * with input "image" [N,3,H,W] (H, W multiples of 14) and output "depth" [N,H,W].
 *
 * <p>Weights are uniform random, seeded per tensor: 0.02 standard deviation in the ViT (DINOv2's
 * own initialisation), 1/sqrt(fan-in) in the convolutions of the head so that the depth still
 * depends on the image after a dozen convolutions, LayerNorm and LayerScale gains near 1.
 */
public final class DepthAnythingV2Replica {
    public static final String INPUT = "image";
    public static final String OUTPUT = "depth";

    /** The published model sizes: ViT width, blocks, heads, blocks feeding the head; head features and channels. */
    public enum Variant {
        VITS(384, 12, 6, new int[] {2, 5, 8, 11}, 64, new int[] {48, 96, 192, 384}),
        VITB(768, 12, 12, new int[] {2, 5, 8, 11}, 128, new int[] {96, 192, 384, 768}),
        VITL(1024, 24, 16, new int[] {4, 11, 17, 23}, 256, new int[] {256, 512, 1024, 1024});

        final long width;
        final int depth;
        final long heads;
        private final int[] taken;
        final long features;
        final long[] outChannels;

        Variant(long width, int depth, long heads, int[] taken, long features, int[] outChannels) {
            this.width = width;
            this.depth = depth;
            this.heads = heads;
            this.taken = taken;
            this.features = features;
            this.outChannels = Arrays.stream(outChannels).asLongStream().toArray();
        }

        /** "vits", "vitb" or "vitl", the names Depth Anything V2 uses. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Variant fromId(String id) {
            for (Variant v : values()) {
                if (v.id().equals(id)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown Depth Anything V2 variant '" + id + "'; valid: "
                    + Arrays.stream(values()).map(Variant::id).toList());
        }

        boolean isTaken(int block) {
            for (int t : taken) {
                if (t == block) {
                    return true;
                }
            }
            return false;
        }

        public int blocks() {
            return depth;
        }

        public long embedDim() {
            return width;
        }

        public long heads() {
            return heads;
        }

        /** Channels of the DPT head's fusion path. */
        public long headFeatures() {
            return features;
        }
    }

    private DepthAnythingV2Replica() {
    }

    /**
     * The replica as a model builder. It holds the graph and the parameters' shapes but no weight
     * data: that is generated while the model is written, so a planner can read the parameter
     * count ({@code initializerElements(FLOAT)}) and the encoded size for free.
     */
    public static OnnxModelBuilder build(Variant v, long seed) {
        OnnxModelBuilder model = new OnnxModelBuilder("depth_anything_v2_" + v.id() + "_replica")
                .input(INPUT, OnnxDataType.FLOAT, "N", 3, "H", "W")
                .output(OUTPUT, OnnxDataType.FLOAT, "N", "H", "W")
                .metadata("mean", "0.485,0.456,0.406")
                .metadata("std", "0.229,0.224,0.225")
                .metadata("replica", "Depth Anything V2 " + v.id() + " architecture, random weights, seed " + seed);
        ReplicaGraph g = new ReplicaGraph(model, seed);
        // patch_h, patch_w = H // 14, W // 14, as the model's forward computes them.
        String grid = g.op("Div", List.of(g.shape(INPUT, 2, 4), g.ints(DinoV2Encoder.PATCH, DinoV2Encoder.PATCH)));
        List<String> maps = DinoV2Encoder.build(g, v, INPUT, grid);
        String depth = DptHead.build(g, v, maps, grid);
        // DepthAnythingV2.forward: F.relu(depth).squeeze(1).
        model.node("Squeeze", List.of(g.relu(depth), g.ints(1)), List.of(OUTPUT));
        return model;
    }

    /** The encoded model; for ViT-L that is a 1.3 GB array, prefer {@link #writeTo}. */
    public static byte[] bytes(Variant v, long seed) {
        return build(v, seed).build();
    }

    /** Writes the model, generating its weights on the way: memory use stays at the graph's size. */
    public static void writeTo(Variant v, long seed, Path file) throws IOException {
        build(v, seed).writeTo(file);
    }

    /**
     * Float parameters of the graph, counted by hand from the architecture (C width, L blocks,
     * F head features, o_i head channels):
     * <pre>
     * encoder = (3*14*14 + 1) C          patch embedding, conv weight + bias
     *         + C + (37*37 + 1) C        class token, position embeddings
     *         + L (12 C^2 + 15 C)        per block: qkv 3C^2+3C, proj C^2+C, fc1 4C^2+4C, fc2 4C^2+C,
     *                                    two LayerNorms 4C, two LayerScales 2C
     *         + 2 C                      final LayerNorm
     * head    = sum_i (C o_i + o_i)      projects, 1x1 conv + bias
     *         + 16 o_0^2 + o_0 + 4 o_1^2 + o_1 + 9 o_3^2 + o_3     resize layers (k4, k2, -, 3x3 s2)
     *         + 9 F sum_i o_i            layer*_rn, 3x3 without bias
     *         + 7 * 2 (9 F^2 + F)        residual units of two 3x3 convs: two per fusion block,
     *                                    refinenet4 runs one
     *         + 4 (F^2 + F)              fusion out_convs
     *         + 9 F (F/2) + F/2          output_conv1
     *         + 9 (F/2) 32 + 32 + 32 + 1 output_conv2
     * </pre>
     * The PyTorch checkpoints hold C + 2 (9 F^2 + F) more: the mask token and refinenet4's unused
     * first residual unit, which an exported graph does not contain.
     */
    public static long parameterCount(Variant v) {
        long c = v.width, f = v.features, l = v.depth;
        long[] o = v.outChannels;
        long encoder = (3 * 14 * 14 + 1) * c + c + (37 * 37 + 1) * c + l * (12 * c * c + 15 * c) + 2 * c;
        long head = 0;
        for (long oi : o) {
            head += c * oi + oi + 9 * f * oi;
        }
        head += 16 * o[0] * o[0] + o[0] + 4 * o[1] * o[1] + o[1] + 9 * o[3] * o[3] + o[3];
        head += 7 * 2 * (9 * f * f + f) + 4 * (f * f + f);
        head += 9 * f * (f / 2) + f / 2 + 9 * (f / 2) * 32 + 32 + 32 + 1;
        return encoder + head;
    }
}
