package org.tilestereo.plan.replica;

import java.util.ArrayList;
import java.util.List;
import org.tilestereo.onnx.Attribute;
import org.tilestereo.plan.replica.DepthAnythingV2Replica.Variant;

/**
 * DINOv2's ViT as Depth Anything V2 uses it: 14-pixel patches, a class token, position embeddings
 * learned on the 37 x 37 grid of a 518 x 518 image and interpolated to the image's own grid,
 * pre-norm blocks with LayerScale, no register tokens; the feature maps are the final-norm outputs
 * of four intermediate blocks, class token dropped, as [N, C, H/14, W/14].
 */
final class DinoV2Encoder {
    static final int PATCH = 14;
    /** Side of the pretraining token grid: 518 / 14. */
    static final int PRETRAIN_GRID = 37;
    static final int HEAD_DIM = 64;

    private final ReplicaGraph g;
    private final Variant v;

    private DinoV2Encoder(ReplicaGraph g, Variant v) {
        this.g = g;
        this.v = v;
    }

    /**
     * The four feature maps for the DPT head, built from image [N,3,H,W]; grid is an int64[2] value
     * holding (H/14, W/14).
     */
    static List<String> build(ReplicaGraph g, Variant v, String image, String grid) {
        return new DinoV2Encoder(g, v).features(image, grid);
    }

    private List<String> features(String image, String grid) {
        long c = v.width;
        String x = tokens(image, grid);
        List<String> maps = new ArrayList<>();
        String finalNormWeight = g.param("pretrained.norm.weight", 1f, 0.02f, c);
        String finalNormBias = g.param("pretrained.norm.bias", 0f, 0.02f, c);
        for (int i = 0; i < v.depth; i++) {
            x = block(x, "pretrained.blocks." + i);
            if (v.isTaken(i)) {
                // get_intermediate_layers: norm, drop the class token, lay the tokens out as an image.
                String normed = g.op("LayerNormalization", List.of(x, finalNormWeight, finalNormBias),
                        Attribute.of("axis", -1L), Attribute.of("epsilon", 1e-6f));
                String patches = g.slice(normed, 1, 1, Long.MAX_VALUE);
                String nct = g.transpose(patches, 0, 2, 1);
                maps.add(g.reshape(nct, g.concat(0, g.ints(0, 0), grid)));
            }
        }
        return maps;
    }

    /** Patch embedding, class token in front, interpolated position embeddings added: [N, 1 + T, C]. */
    private String tokens(String image, String grid) {
        long c = v.width;
        String patches = g.conv(image, "pretrained.patch_embed.proj", 3, c, PATCH, PATCH, 0, true, 0.02f);
        String tokens = g.transpose(g.reshape(patches, g.ints(0, 0, -1)), 0, 2, 1);
        String cls = g.param("pretrained.cls_token", 0f, 0.02f, 1, 1, c);
        String batchCls = g.op("Expand", List.of(cls, g.concat(0, g.shape(image, 0, 1), g.ints(1, 1))));
        String x = g.concat(1, batchCls, tokens);
        return g.add(x, positions(grid));
    }

    /**
     * interpolate_pos_encoding: the 37 x 37 grid part resized bicubically to the token grid, the
     * class position in front: [1, 1 + T, C]. The target size comes from the input's shape, which
     * a TensorRT engine can take as a shape tensor; PyTorch maps coordinates by the scale
     * (grid + 0.1) / 37 instead of grid / 37, a sub-pixel difference that costs nothing different.
     */
    private String positions(String grid) {
        long c = v.width;
        long n = (long) PRETRAIN_GRID * PRETRAIN_GRID;
        String pos = g.param("pretrained.pos_embed", 0f, 0.02f, 1, n + 1, c);
        String clsPos = g.slice(pos, 1, 0, 1);
        String gridPos = g.transpose(g.reshape(g.slice(pos, 1, 1, n + 1), g.ints(1, PRETRAIN_GRID, PRETRAIN_GRID, c)), 0, 3, 1, 2);
        String resized = g.resizeBicubicTo(gridPos, g.concat(0, g.ints(1, c), grid));
        String flat = g.transpose(g.reshape(resized, g.ints(1, c, -1)), 0, 2, 1);
        return g.concat(1, clsPos, flat);
    }

    /** x + ls1 * attn(norm1(x)), then x + ls2 * mlp(norm2(x)). */
    private String block(String x, String p) {
        long c = v.width;
        String attn = attention(g.layerNorm(x, p + ".norm1", c), p + ".attn");
        x = g.add(x, g.mul(attn, g.param(p + ".ls1.gamma", 1f, 0.02f, c)));
        String hidden = g.gelu(g.linear(g.layerNorm(x, p + ".norm2", c), p + ".mlp.fc1", c, 4 * c, 0.02f));
        String mlp = g.linear(hidden, p + ".mlp.fc2", 4 * c, c, 0.02f);
        return g.add(x, g.mul(mlp, g.param(p + ".ls2.gamma", 1f, 0.02f, c)));
    }

    /** Multi-head self-attention, heads of 64 channels, softmax(q k^T / 8) v, then the projection. */
    private String attention(String x, String p) {
        long c = v.width;
        String qkv = g.linear(x, p + ".qkv", c, 3 * c, 0.02f);
        String split = g.transpose(g.reshape(qkv, g.ints(0, 0, 3, v.heads, HEAD_DIM)), 2, 0, 3, 1, 4);
        String q = g.op("Gather", List.of(split, g.intScalar(0)), Attribute.of("axis", 0L));
        String k = g.op("Gather", List.of(split, g.intScalar(1)), Attribute.of("axis", 0L));
        String val = g.op("Gather", List.of(split, g.intScalar(2)), Attribute.of("axis", 0L));
        String scaled = g.mul(q, g.floatScalar((float) (1 / Math.sqrt(HEAD_DIM))));
        String logits = g.op("MatMul", List.of(scaled, g.transpose(k, 0, 1, 3, 2)));
        String weights = g.op("Softmax", List.of(logits), Attribute.of("axis", -1L));
        String mixed = g.op("MatMul", List.of(weights, val));
        String merged = g.reshape(g.transpose(mixed, 0, 2, 1, 3), g.ints(0, 0, c));
        return g.linear(merged, p + ".proj", c, c, 0.02f);
    }
}
