package org.tilestereo.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tilestereo.onnx.Dim;
import org.tilestereo.onnx.ElementType;
import org.tilestereo.onnx.OnnxAttribute;
import org.tilestereo.onnx.OnnxGraph;
import org.tilestereo.onnx.OnnxModel;
import org.tilestereo.onnx.OnnxNode;
import org.tilestereo.onnx.OnnxTensor;
import org.tilestereo.onnx.OnnxValueInfo;

/**
 * What a network needs in memory: weights (fixed), activations for an input size (by propagating
 * shapes through the graph and tracking which tensors are live at each node) and, for completeness,
 * training with a given optimizer.
 *
 * <pre>{@code
 * MemoryModel m = MemoryModel.of(OnnxModel.read(path));
 * long weights = m.weights().bytes(Precision.FP16);
 * ActivationMemory a = m.activations(1, 518, 518, Precision.FP16);
 * long peak = a.peakBytes();
 * }</pre>
 *
 * <p>An image model's symbolic input dimensions are bound by position: NCHW, dim 0 the batch, dim 2
 * the height, dim 3 the width. Shapes are worked out exactly or not at all: an operator without a
 * rule, or a shape that depends on data, is a {@link ShapePropagationException}.
 *
 * <p>What the figures assume:
 * <ul>
 * <li>Nodes run one at a time in graph order and no buffer is reused in place, so the activation
 *     peak is what a runtime without in-place reuse needs (runtimes that share buffers need less,
 *     fused kernels such as flash attention far less for the attention term).</li>
 * <li>Tensors computed only from initializers and Constant nodes are folded by the runtime and are
 *     not activations; every initializer counts as a weight, used or not.</li>
 * <li>Float activations take the precision's bytes (INT8: one byte, a lower bound, see
 *     {@link Precision}); integer and BOOL tensors keep their own size (int64 = 8 bytes).</li>
 * <li>Workspaces (cuDNN/TensorRT scratch) are not in the graph and not counted here.</li>
 * </ul>
 */
public final class MemoryModel {
    private final OnnxGraph graph;
    private final long opset;
    private final List<OnnxNode> order;
    private final WeightMemory weights;
    private List<OnnxNode> depthFirst;
    /** The graph the runtime really runs (its optimizer's output), for activations; null: this graph. */
    private final MemoryModel runtimeGraph;
    /** This is a runtime's own graph, written in the order it runs. */
    private final boolean inRunOrder;

    private MemoryModel(OnnxGraph graph, long opset, List<OnnxNode> order, WeightMemory weights) {
        this(graph, opset, order, weights, null, false);
    }

    private MemoryModel(OnnxGraph graph, long opset, List<OnnxNode> order, WeightMemory weights,
                        MemoryModel runtimeGraph, boolean inRunOrder) {
        this.runtimeGraph = runtimeGraph;
        this.inRunOrder = inRunOrder;
        this.graph = graph;
        this.opset = opset;
        this.order = order;
        this.weights = weights;
    }

    public static MemoryModel of(OnnxModel model) {
        OnnxGraph g = model.graph();
        if (!g.sparseInitializers().isEmpty()) {
            throw new IllegalArgumentException("sparse initializers " + g.sparseInitializers() + " are not supported by the memory model");
        }
        return new MemoryModel(g, model.opset(), ExecutionOrder.of(g), countWeights(g));
    }

    private static WeightMemory countWeights(OnnxGraph g) {
        long params = 0;
        long int64 = 0;
        long other = 0;
        long otherBytes = 0;
        long stored = 0;
        for (OnnxTensor t : g.initializers().values()) {
            long n = t.elementCount();
            if (t.type().isFloat()) {
                params += n;
            } else if (t.type() == ElementType.INT64) {
                int64 += n;
            } else {
                other += n;
                otherBytes += t.type() == ElementType.STRING ? 0 : t.byteSize();
            }
            stored += t.type() == ElementType.STRING ? 0 : t.byteSize();
        }
        long constantFloats = 0;
        for (OnnxNode n : g.nodes()) {
            if (n.opType().equals("Constant") && n.isDefaultDomain()) {
                OnnxAttribute v = n.attribute("value");
                if (v != null && v.kind() == OnnxAttribute.Kind.TENSOR && v.t().type().isFloat()) {
                    constantFloats += v.t().elementCount();
                } else if (n.attribute("value_floats") != null) {
                    constantFloats += n.attribute("value_floats").floats().length;
                } else if (n.attribute("value_float") != null) {
                    constantFloats += 1;
                }
            }
        }
        return new WeightMemory(params, int64, other, otherBytes, constantFloats, stored);
    }

    /**
     * This model with the graph its runtime really runs: the runtime optimizer's output, written by
     * the runtime in the order it executes (ONNX Runtime's optimized model). Activations under a
     * runtime's rules are then counted on that graph; weights stay those of the file.
     */
    public MemoryModel withRuntimeGraph(OnnxModel runtimeModel) {
        OnnxGraph g = runtimeModel.graph();
        MemoryModel runtime = new MemoryModel(g, runtimeModel.opset(), ExecutionOrder.of(g), weights, null, true);
        if (!runtime.imageInput().name().equals(imageInput().name())) {
            throw new IllegalArgumentException("the runtime's graph takes '" + runtime.imageInput().name() + "', the model '"
                    + imageInput().name() + "'");
        }
        return new MemoryModel(graph, opset, order, weights, runtime, false);
    }

    /** Whether activations under a runtime's rules are counted on the runtime's own graph. */
    public boolean countsRuntimeGraph() {
        return runtimeGraph != null;
    }

    public WeightMemory weights() {
        return weights;
    }

    /** The order the runtime runs the nodes in (the file's order for no runtime in particular). */
    private List<OnnxNode> orderFor(RuntimeRules rules) {
        if (rules == null || inRunOrder || !rules.runsDepthFirstFromOutputs()) {
            return order;
        }
        if (depthFirst == null) {
            depthFirst = ExecutionOrder.depthFirstFromOutputs(graph, order);
        }
        return depthFirst;
    }

    /** Nodes in the order they run. */
    public List<OnnxNode> executionOrder() {
        return order;
    }

    /** The operators the shape propagation has rules for. */
    public static Set<String> supportedOperators() {
        return ShapeInference.supportedOps();
    }

    /** The image input: the first runtime input of rank 4 (NCHW). */
    public OnnxValueInfo imageInput() {
        for (OnnxValueInfo in : graph.runtimeInputs()) {
            if (in.hasShape() && in.rank() == 4) {
                return in;
            }
        }
        throw new IllegalArgumentException("graph '" + graph.name() + "' has no rank-4 (NCHW) input; give every input's shape instead");
    }

    /**
     * The image size a model with a static input takes, {width, height, batch} (batch 0 where it is
     * free), or null where height or width is symbolic (the model takes any size).
     */
    public int[] fixedImageSize() {
        List<Dim> d = imageInput().dims();
        if (d.get(2).isSymbolic() || d.get(3).isSymbolic()) {
            return null;
        }
        return new int[] {(int) d.get(3).value(), (int) d.get(2).value(), d.get(0).isSymbolic() ? 0 : (int) d.get(0).value()};
    }

    /**
     * Concrete shapes for every runtime input when the image is {@code batch x C x height x width}:
     * the image input's symbolic dims are bound by position, other inputs must be fixed.
     */
    public Map<String, long[]> inputShapes(int batch, int height, int width) {
        if (batch < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("batch, height and width must be >= 1, got " + batch + ", " + height + ", " + width);
        }
        OnnxValueInfo image = imageInput();
        long[] want = {batch, -1, height, width};
        String[] role = {"batch", "channel", "height", "width"};
        long[] shape = new long[4];
        for (int d = 0; d < 4; d++) {
            Dim dim = image.dims().get(d);
            if (!dim.isSymbolic()) {
                if (want[d] >= 0 && dim.value() != want[d]) {
                    throw new IllegalArgumentException("input '" + image.name() + "' has a fixed " + role[d] + " of "
                            + dim.value() + ", asked for " + want[d]);
                }
                shape[d] = dim.value();
            } else if (want[d] < 0) {
                throw new IllegalArgumentException("input '" + image.name() + "' has a symbolic " + role[d]
                        + " dimension '" + dim.param() + "'; give every input's shape instead");
            } else {
                shape[d] = want[d];
            }
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(image.name(), shape);
        return shapes;
    }

    /** Propagated shapes (and known values) of every tensor for the image size. */
    public Map<String, TensorInfo> propagate(int batch, int height, int width) {
        return propagate(inputShapes(batch, height, width));
    }

    /**
     * Propagated shapes for explicit input shapes. Inputs left out must be fixed in the model; a
     * symbolic name bound to two different sizes is an error.
     */
    public Map<String, TensorInfo> propagate(Map<String, long[]> inputShapes) {
        Map<String, TensorInfo> inputs = new LinkedHashMap<>();
        Map<String, Long> symbols = new HashMap<>();
        Set<String> unused = new HashSet<>(inputShapes.keySet());
        List<OnnxValueInfo> runtimeInputs = graph.runtimeInputs();
        // Given shapes first: they bind the symbols that inputs left out may share.
        for (boolean givenPass : new boolean[] {true, false}) {
            for (OnnxValueInfo in : runtimeInputs) {
                long[] given = inputShapes.get(in.name());
                if ((given != null) != givenPass) {
                    continue;
                }
                unused.remove(in.name());
                if (!in.isTensor() || in.elementType() == ElementType.UNDEFINED) {
                    throw new IllegalArgumentException("input '" + in.name() + "' is not a tensor with a known element type");
                }
                inputs.put(in.name(), TensorInfo.computed(in.name(), in.elementType(), bind(in, given, symbols), false));
            }
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("graph '" + graph.name() + "' has no runtime inputs named " + unused);
        }
        Map<String, TensorInfo> tensors = ShapeInference.run(graph, opset, order, inputs);
        for (OnnxValueInfo out : graph.outputs()) {
            if (!tensors.containsKey(out.name())) {
                throw new ShapePropagationException("graph output '" + out.name() + "' is produced by no node, input or initializer");
            }
        }
        return tensors;
    }

    private static long[] bind(OnnxValueInfo in, long[] given, Map<String, Long> symbols) {
        List<Dim> dims = in.dims();
        if (given == null) {
            if (dims == null) {
                throw new IllegalArgumentException("input '" + in.name() + "' has no shape in the model; give it");
            }
            long[] shape = new long[dims.size()];
            for (int d = 0; d < shape.length; d++) {
                Dim dim = dims.get(d);
                if (dim.isSymbolic()) {
                    Long bound = symbols.get(dim.param());
                    if (bound == null || dim.param().equals(OnnxValueInfo.UNKNOWN_DIM)) {
                        throw new IllegalArgumentException("input '" + in.name() + "' has symbolic dimension '" + dim.param()
                                + "' at position " + d + "; give its shape");
                    }
                    shape[d] = bound;
                } else {
                    shape[d] = dim.value();
                }
            }
            return shape;
        }
        if (dims != null && dims.size() != given.length) {
            throw new IllegalArgumentException("input '" + in.name() + "' has rank " + dims.size() + ", given shape "
                    + Arrays.toString(given));
        }
        for (int d = 0; d < given.length; d++) {
            if (given[d] < 0) {
                throw new IllegalArgumentException("input '" + in.name() + "': shape " + Arrays.toString(given) + " has a negative size");
            }
            if (dims == null) {
                continue;
            }
            Dim dim = dims.get(d);
            if (!dim.isSymbolic() && dim.value() != given[d]) {
                throw new IllegalArgumentException("input '" + in.name() + "' has fixed size " + dim.value() + " at position "
                        + d + ", given " + given[d]);
            }
            if (dim.isSymbolic() && !dim.param().equals(OnnxValueInfo.UNKNOWN_DIM)) {
                Long prev = symbols.putIfAbsent(dim.param(), given[d]);
                if (prev != null && prev != given[d]) {
                    throw new IllegalArgumentException("symbolic dimension '" + dim.param() + "' is bound to " + prev
                            + " and to " + given[d]);
                }
            }
        }
        return given.clone();
    }

    public ActivationMemory activations(int batch, int height, int width, Precision precision) {
        return activations(inputShapes(batch, height, width), precision);
    }

    /** Peak of live tensors with every tensor in its own buffer: the graph's upper bound. */
    public ActivationMemory activations(Map<String, long[]> inputShapes, Precision precision) {
        return activations(inputShapes, precision, (RuntimeRules) null);
    }

    /**
     * As the runtime's memory planner lays it out ({@link RuntimeRules}): an elementwise op (and
     * Softmax, where the runtime does so) whose input of the same size dies at that op writes its
     * output into the input's buffer. This is what the planner budgets; the upper bound above is what
     * a runtime without reuse would need.
     */
    public ActivationMemory activationsWithInPlaceReuse(int batch, int height, int width, Precision precision,
                                                        RuntimeRules rules) {
        return activations(inputShapes(batch, height, width), precision, rules);
    }

    /** As above, for explicit input shapes. */
    public ActivationMemory activationsWithInPlaceReuse(Map<String, long[]> inputShapes, Precision precision,
                                                        RuntimeRules rules) {
        return activations(inputShapes, precision, rules);
    }

    /**
     * The inference's buffers as the runtime's allocator sees them, in execution order: a node's outputs
     * get new buffers, except where the runtime's rules let an output take over its input's buffer (an
     * op that only reinterprets its input, or an elementwise op whose input of the same size dies
     * there). Graph inputs are the caller's; graph outputs live to the end.
     */
    public List<BufferLife> buffers(Map<String, long[]> inputShapes, Precision precision, RuntimeRules rules) {
        if (runtimeGraph != null) {
            return runtimeGraph.buffers(inputShapes, precision, rules);
        }
        Map<String, TensorInfo> tensors = propagate(inputShapes);
        List<OnnxNode> order = orderFor(rules);
        int n = order.size();
        int last = Math.max(n, 1) - 1;
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < n; i++) {
            for (String in : order.get(i).inputs()) {
                if (!in.isEmpty()) {
                    lastUse.put(in, i);
                }
            }
        }
        Set<String> graphOutputs = new HashSet<>();
        for (OnnxValueInfo out : graph.outputs()) {
            graphOutputs.add(out.name());
        }
        List<long[]> lives = new ArrayList<>();  // {bytes, start, end, external}
        Map<String, Integer> bufferOf = new HashMap<>();
        for (OnnxValueInfo in : graph.runtimeInputs()) {
            TensorInfo t = tensors.get(in.name());
            if (t != null && !t.isConstant()) {
                bufferOf.put(in.name(), lives.size());
                lives.add(new long[] {t.bytes(precision), 0, end(in.name(), 0, lastUse, graphOutputs, last), 1});
            }
        }
        for (int i = 0; i < n; i++) {
            OnnxNode node = order.get(i);
            for (int o = 0; o < node.outputs().size(); o++) {
                String name = node.output(o);
                TensorInfo t = name.isEmpty() ? null : tensors.get(name);
                if (t == null || t.isConstant() || bufferOf.containsKey(name)) {
                    continue;
                }
                int end = end(name, i, lastUse, graphOutputs, last);
                Integer taken = o == 0 ? takenOver(node, i, t, tensors, bufferOf, lives, precision, rules) : null;
                if (taken != null) {
                    long[] b = lives.get(taken);
                    b[2] = Math.max(b[2], end);
                    bufferOf.put(name, taken);
                } else {
                    bufferOf.put(name, lives.size());
                    lives.add(new long[] {t.bytes(precision), i, end, 0});
                }
            }
            TensorInfo x = node.hasInput(0) ? tensors.get(node.input(0)) : null;
            TensorInfo w = node.hasInput(1) ? tensors.get(node.input(1)) : null;
            long scratch = x == null ? 0 : rules.scratchElements(node, x.shape(), w == null ? null : w.shape());
            if (scratch > 0) {
                lives.add(new long[] {Math.multiplyExact(scratch, (long) precision.bytes), i, i, 0});
            }
        }
        List<BufferLife> out = new ArrayList<>(lives.size());
        for (long[] b : lives) {
            out.add(new BufferLife(b[0], (int) b[1], (int) b[2], b[3] == 1));
        }
        return out;
    }

    private static int end(String tensor, int start, Map<String, Integer> lastUse, Set<String> graphOutputs, int last) {
        return graphOutputs.contains(tensor) ? last : Math.max(start, lastUse.getOrDefault(tensor, start));
    }

    /** The buffer of node's input that its first output may take over under the rules, or null. */
    private static Integer takenOver(OnnxNode node, int step, TensorInfo out, Map<String, TensorInfo> tensors,
                                     Map<String, Integer> bufferOf, List<long[]> lives, Precision precision,
                                     RuntimeRules rules) {
        if (rules.aliases(node.opType()) && node.isDefaultDomain() && node.hasInput(0)) {
            Integer b = bufferOf.get(node.input(0));
            return b != null && lives.get(b)[3] == 0 ? b : null;
        }
        for (int i : rules.inPlaceInputs(node)) {
            Integer b = node.hasInput(i) ? bufferOf.get(node.input(i)) : null;
            if (b != null) {
                long[] life = lives.get(b);
                if (life[3] == 0 && life[2] == step && life[0] == out.bytes(precision)
                        && tensors.get(node.input(i)).bytes(precision) == life[0]) {
                    return b;
                }
            }
        }
        return null;
    }

    /** rules: null for every tensor in its own buffer (no reuse). */
    private ActivationMemory activations(Map<String, long[]> inputShapes, Precision precision, RuntimeRules rules) {
        if (rules != null && runtimeGraph != null) {
            return runtimeGraph.activations(inputShapes, precision, rules);
        }
        boolean inPlace = rules != null;
        Map<String, TensorInfo> tensors = propagate(inputShapes);
        List<OnnxNode> order = orderFor(rules);
        int n = order.size();
        int steps = Math.max(n, 1);
        Map<String, Integer> producedAt = new HashMap<>();
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < n; i++) {
            OnnxNode node = order.get(i);
            for (String in : node.inputs()) {
                if (!in.isEmpty()) {
                    lastUse.put(in, i);
                }
            }
            for (String out : node.outputs()) {
                if (!out.isEmpty()) {
                    producedAt.put(out, i);
                }
            }
        }
        Set<String> graphOutputs = new HashSet<>();
        for (OnnxValueInfo out : graph.outputs()) {
            graphOutputs.add(out.name());
        }
        Map<String, Integer> reusedEnd = inPlace ? inPlaceEnds(order, tensors, lastUse, graphOutputs, precision, rules) : Map.of();
        Set<String> fused = inPlace && rules.fusesAttention() ? fusedAttention(order, tensors, graphOutputs) : Set.of();
        long[] delta = new long[steps + 1];
        long total = 0;
        List<TensorInfo> activations = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        for (TensorInfo t : tensors.values()) {
            if (t.isConstant()) {
                continue;
            }
            int start = producedAt.getOrDefault(t.name(), 0);
            int end = graphOutputs.contains(t.name()) ? steps - 1 : Math.max(start, lastUse.getOrDefault(t.name(), start));
            Integer reused = reusedEnd.get(t.name());
            if (reused != null) {
                // Its buffer becomes the in-place op's output, counted there from that op on.
                end = reused;
            }
            long bytes = fused.contains(t.name()) ? 0 : t.bytes(precision);
            delta[start] += bytes;
            delta[end + 1] -= bytes;
            total = Math.addExact(total, bytes);
            activations.add(t);
            spans.add(new int[] {start, end});
        }
        long live = 0;
        long peak = -1;
        int peakAt = 0;
        for (int i = 0; i < steps; i++) {
            live += delta[i];
            if (live > peak) {
                peak = live;
                peakAt = i;
            }
        }
        List<String> liveAtPeak = new ArrayList<>();
        for (int k = 0; k < activations.size(); k++) {
            if (spans.get(k)[0] <= peakAt && peakAt <= spans.get(k)[1]) {
                liveAtPeak.add(activations.get(k).name());
            }
        }
        List<AttentionTerm> attention = attention(tensors, precision, fused);
        return new ActivationMemory(precision, peak, n == 0 ? null : order.get(peakAt), n == 0 ? -1 : peakAt, total,
                attention, tensors, liveAtPeak, fused.size() / 2);
    }

    /**
     * For each tensor whose buffer an in-place op takes over: the last step it is live on its own
     * (the step before that op). An input qualifies when it is an activation (not a graph input or
     * constant), dies at the op, is not a graph output, and has the output's size.
     */
    private Map<String, Integer> inPlaceEnds(List<OnnxNode> order, Map<String, TensorInfo> tensors, Map<String, Integer> lastUse,
                                             Set<String> graphOutputs, Precision precision, RuntimeRules rules) {
        Set<String> graphInputs = new HashSet<>();
        for (OnnxValueInfo in : graph.inputs()) {
            graphInputs.add(in.name());
        }
        Map<String, Integer> ends = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            OnnxNode node = order.get(i);
            boolean alias = rules.aliases(node.opType()) && node.isDefaultDomain();
            int[] candidates = alias ? new int[] {0} : rules.inPlaceInputs(node);
            if (candidates.length == 0 || node.outputs().isEmpty()) {
                continue;
            }
            TensorInfo out = tensors.get(node.outputs().get(0));
            if (out == null || out.isConstant()) {
                continue;
            }
            for (int k : candidates) {
                String in = node.hasInput(k) ? node.input(k) : "";
                TensorInfo t = in.isEmpty() ? null : tensors.get(in);
                if (t != null && !t.isConstant() && !graphInputs.contains(in) && !graphOutputs.contains(in)
                        && lastUse.getOrDefault(in, -1) == i && !ends.containsKey(in)
                        && t.bytes(precision) == out.bytes(precision)) {
                    ends.put(in, i - 1);
                    break;
                }
            }
        }
        return ends;
    }

    /**
     * The scores and probabilities of every attention the runtime fuses: Softmax over the output of a
     * MatMul one of whose operands was scaled (Mul or Div by a single constant, possibly transposed
     * after), its probabilities read by one MatMul only. The pattern TensorRT documents for its fusion.
     */
    private static Set<String> fusedAttention(List<OnnxNode> order, Map<String, TensorInfo> tensors, Set<String> graphOutputs) {
        Map<String, OnnxNode> producer = new HashMap<>();
        Map<String, List<OnnxNode>> consumers = new HashMap<>();
        for (OnnxNode node : order) {
            for (String out : node.outputs()) {
                producer.put(out, node);
            }
            for (String in : node.inputs()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
            }
        }
        Set<String> fused = new HashSet<>();
        for (OnnxNode softmax : order) {
            if (!softmax.isDefaultDomain() || !softmax.opType().equals("Softmax") || !softmax.hasInput(0)) {
                continue;
            }
            String scores = softmax.input(0);
            String probs = softmax.output(0);
            OnnxNode qk = producer.get(scores);
            List<OnnxNode> readers = consumers.getOrDefault(probs, List.of());
            List<OnnxNode> scoreReaders = consumers.getOrDefault(scores, List.of());
            if (qk == null || !isMatMul(qk) || tensors.get(scores).shapeRef().length < 3 || readers.size() != 1
                    || !isMatMul(readers.get(0)) || scoreReaders.size() != 1 || graphOutputs.contains(scores)
                    || graphOutputs.contains(probs)) {
                continue;
            }
            if (scaled(qk.input(0), producer, tensors) || scaled(qk.input(1), producer, tensors)) {
                fused.add(scores);
                fused.add(probs);
            }
        }
        return fused;
    }

    private static boolean isMatMul(OnnxNode n) {
        return n.isDefaultDomain() && n.opType().equals("MatMul");
    }

    /** Whether the tensor is an operand multiplied (or divided) by one constant, possibly transposed after. */
    private static boolean scaled(String tensor, Map<String, OnnxNode> producer, Map<String, TensorInfo> tensors) {
        OnnxNode p = producer.get(tensor);
        if (p != null && p.isDefaultDomain() && p.opType().equals("Transpose") && p.hasInput(0)) {
            p = producer.get(p.input(0));
        }
        if (p == null || !p.isDefaultDomain() || !(p.opType().equals("Mul") || p.opType().equals("Div"))
                || p.inputs().size() != 2) {
            return false;
        }
        TensorInfo factor = tensors.get(p.input(1));
        TensorInfo other = tensors.get(p.input(0));
        return (factor != null && factor.isConstant() && factor.elementCount() == 1)
                || (p.opType().equals("Mul") && other != null && other.isConstant() && other.elementCount() == 1);
    }

    private List<AttentionTerm> attention(Map<String, TensorInfo> tensors, Precision precision, Set<String> fused) {
        List<AttentionTerm> terms = new ArrayList<>();
        for (OnnxNode node : order) {
            if (!node.opType().equals("Softmax") || !node.hasInput(0) || fused.contains(node.input(0))) {
                continue;
            }
            TensorInfo x = tensors.get(node.input(0));
            long[] s = x.shapeRef();
            int r = s.length;
            if (r < 3 || s[r - 1] != s[r - 2] || x.isConstant()) {
                continue;
            }
            long batch = Shapes.count(Shapes.range(s, 0, r - 3));
            String name = node.name().isEmpty() ? node.describe() : node.name();
            terms.add(new AttentionTerm(name, batch, s[r - 3], s[r - 1], x.bytes(precision)));
        }
        return terms;
    }

    /** Training memory for a batch of images of the given size. */
    public TrainingMemory training(int batch, int height, int width, Optimizer optimizer) {
        long p = weights.parameters();
        ActivationMemory a = activations(batch, height, width, optimizer.activationPrecision);
        return new TrainingMemory(optimizer, p, Math.multiplyExact(p, (long) optimizer.weightBytes),
                Math.multiplyExact(p, (long) optimizer.gradientBytes), Math.multiplyExact(p, (long) optimizer.stateBytes),
                a.totalBytes());
    }
}
