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
    }

    private ShapeInference() {
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
        for (OnnxNode node : order) {
            for (String in : node.inputs()) {
                if (!in.isEmpty() && !known.containsKey(in)) {
                    throw new ShapePropagationException(node.describe() + " reads '" + in
                            + "', which no node, graph input or initializer provides");
                }
            }
            if (!node.isDefaultDomain()) {
                throw new ShapePropagationException(node.describe() + ": operator domain '" + node.domain()
                        + "' is not supported by the memory model (only the default ONNX operator set)");
            }
            ShapeRule rule = RULES.get(node.opType());
            if (rule == null) {
                throw new ShapePropagationException(node.describe() + ": unsupported operator '" + node.opType()
                        + "' (opset " + opset + "): the memory model has no shape rule for it");
            }
            OpContext c = new OpContext(node, opset, known);
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
