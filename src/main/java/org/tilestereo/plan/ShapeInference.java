package org.tilestereo.plan;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tilestereo.onnx.OnnxGraph;
import org.tilestereo.onnx.OnnxNode;

/**
 * Propagates concrete shapes through a graph for given input shapes, node by node in execution
 * order, folding small constant tensors on the way (shape arithmetic). Every tensor gets a concrete
 * shape or the run stops with the node that could not be handled.
 */
final class ShapeInference {
    private static final Map<String, ShapeRule> RULES = new HashMap<>();

    static {
        ElementwiseRules.register(RULES);
        ShapeRules.register(RULES);
        NetworkRules.register(RULES);
        NetworkRules.registerOnnxRuntime(RULES);
    }

    private ShapeInference() {
    }

    /**
     * The channel block of ONNX Runtime's NCHWc layout, read from the graph its optimizer wrote: the
     * NCHWc convolutions' output channels are padded to it (8 with AVX2, 16 with AVX-512), so it is
     * the largest power of two up to 16 dividing all of them; 0 for a graph without them.
     */
    static long nchwcBlock(OnnxGraph graph) {
        long gcd = 0;
        for (OnnxNode n : graph.nodes()) {
            if (n.domain().equals(NetworkRules.NCHWC) && n.opType().equals("Conv") && n.hasInput(1)
                    && graph.isInitializer(n.input(1))) {
                long[] w = graph.initializer(n.input(1)).dims();
                gcd = w.length > 0 ? java.math.BigInteger.valueOf(gcd).gcd(java.math.BigInteger.valueOf(w[0])).longValue() : gcd;
            }
        }
        if (gcd == 0) {
            return 0;
        }
        long block = 1;
        while (block < 16 && gcd % (block * 2) == 0) {
            block *= 2;
        }
        return block;
    }

    /** The operators with a shape rule. */
    static java.util.Set<String> supportedOps() {
        return java.util.Collections.unmodifiableSet(RULES.keySet());
    }

    /**
     * @param inputs the graph's runtime inputs with concrete shapes (constant = false)
     * @return every tensor of the graph by name, in the order they become known
     */
    static Map<String, TensorInfo> run(OnnxGraph graph, long opset, List<OnnxNode> order, Map<String, TensorInfo> inputs) {
        Map<String, TensorInfo> known = new LinkedHashMap<>();
        graph.initializers().forEach((name, t) -> known.put(name, TensorInfo.stored(name, t)));
        known.putAll(inputs);
        long block = nchwcBlock(graph);
        for (OnnxNode node : order) {
            for (String in : node.inputs()) {
                if (!in.isEmpty() && !known.containsKey(in)) {
                    throw new ShapePropagationException(node.describe() + " reads '" + in
                            + "', which no node, graph input or initializer provides");
                }
            }
            ShapeRule rule = RULES.get(node.isDefaultDomain() ? node.opType() : node.domain() + ":" + node.opType());
            if (rule == null && !node.isDefaultDomain()) {
                throw new ShapePropagationException(node.describe() + ": operator " + node.opType() + " of domain '"
                        + node.domain() + "' is not supported by the memory model");
            }
            if (rule == null) {
                throw new ShapePropagationException(node.describe() + ": unsupported operator '" + node.opType()
                        + "' (opset " + opset + "): the memory model has no shape rule for it");
            }
            OpContext c = new OpContext(node, opset, known, block);
            try {
                rule.apply(c);
            } catch (ShapePropagationException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ShapePropagationException(node.describe() + ": " + e.getMessage());
            }
            TensorInfo[] outs = c.outputs();
            for (int i = 0; i < outs.length; i++) {
                String name = node.output(i);
                if (name.isEmpty()) {
                    continue;
                }
                if (outs[i] == null) {
                    throw new ShapePropagationException(node.describe() + ": output " + i + " ('" + name
                            + "') is not one the memory model's rule for " + node.opType() + " describes");
                }
                if (known.put(name, outs[i]) != null) {
                    throw new ShapePropagationException(node.describe() + ": tensor '" + name + "' is produced twice");
                }
            }
        }
        return known;
    }
}
