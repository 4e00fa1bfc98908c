package org.tilestereo.plan.replica;

import java.util.List;
import org.tilestereo.plan.replica.DepthAnythingV2Replica.Variant;

/**
 * Depth Anything V2's DPTHead (use_clstoken=False, use_bn=False): the four token maps projected and
 * resized to 4x, 2x, 1x and 1/2x the token grid, fused coarse to fine by RefineNet blocks, and
 * turned into one non-negative depth channel at the input's size.
 */
final class DptHead {
    private static final long HEAD_HIDDEN = 32;

    private final ReplicaGraph g;
    private final Variant v;

    private DptHead(ReplicaGraph g, Variant v) {
        this.g = g;
        this.v = v;
    }

    /** Depth [N,1,14*gh,14*gw] from the encoder's four maps; grid is the int64[2] (gh, gw). */
    static String build(ReplicaGraph g, Variant v, List<String> maps, String grid) {
        return new DptHead(g, v).depth(maps, grid);
    }

    private String depth(List<String> maps, String grid) {
        long f = v.features;
        String[] rn = new String[4];
        for (int i = 0; i < 4; i++) {
            long oc = v.outChannels[i];
            String x = g.conv(maps.get(i), "depth_head.projects." + i, v.width, oc, 1, 1, 0, true);
            x = switch (i) {
                case 0 -> g.convTranspose(x, "depth_head.resize_layers.0", oc, 4);
                case 1 -> g.convTranspose(x, "depth_head.resize_layers.1", oc, 2);
                case 2 -> x;
                default -> g.conv(x, "depth_head.resize_layers.3", oc, oc, 3, 2, 1, true);
            };
            rn[i] = g.conv(x, "depth_head.scratch.layer" + (i + 1) + "_rn", oc, f, 3, 1, 1, false);
        }
        String path4 = fusion("depth_head.scratch.refinenet4", rn[3], null, g.shape(rn[2], 0, 4), null);
        String path3 = fusion("depth_head.scratch.refinenet3", path4, rn[2], g.shape(rn[1], 0, 4), null);
        String path2 = fusion("depth_head.scratch.refinenet2", path3, rn[1], g.shape(rn[0], 0, 4), null);
        String path1 = fusion("depth_head.scratch.refinenet1", path2, rn[0], null, g.floats(1f, 1f, 2f, 2f));

        String out = g.conv(path1, "depth_head.scratch.output_conv1", f, f / 2, 3, 1, 1, true);
        String inputSize = g.op("Mul", List.of(grid, g.ints(DinoV2Encoder.PATCH, DinoV2Encoder.PATCH)));
        out = g.resizeBilinearTo(out, g.concat(0, g.shape(out, 0, 2), inputSize));
        out = g.relu(g.conv(out, "depth_head.scratch.output_conv2.0", f / 2, HEAD_HIDDEN, 3, 1, 1, true));
        return g.relu(g.conv(out, "depth_head.scratch.output_conv2.2", HEAD_HIDDEN, 1, 1, 1, 0, true));
    }

    /**
     * FeatureFusionBlock: x (+ residual unit of the skip input), a residual unit, bilinear resize
     * (align_corners) to sizes or by scales, 1x1 out_conv. Without a skip input (refinenet4) its
     * first residual unit is never run, so the graph leaves its weights out, as an export does.
     */
    private String fusion(String p, String x, String skip, String sizes, String scales) {
        if (skip != null) {
            x = g.add(x, residualUnit(skip, p + ".resConfUnit1"));
        }
        x = residualUnit(x, p + ".resConfUnit2");
        x = sizes != null ? g.resizeBilinearTo(x, sizes) : g.resizeBilinearBy(x, scales);
        return g.conv(x, p + ".out_conv", v.features, v.features, 1, 1, 0, true);
    }

    /** ResidualConvUnit: conv2(relu(conv1(relu(x)))) + x, 3x3 convolutions with bias. */
    private String residualUnit(String x, String p) {
        long f = v.features;
        String y = g.conv(g.relu(x), p + ".conv1", f, f, 3, 1, 1, true);
        y = g.conv(g.relu(y), p + ".conv2", f, f, 3, 1, 1, true);
        return g.add(y, x);
    }
}
