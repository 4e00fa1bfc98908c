package org.tilestereo.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tilestereo.onnx.OnnxNode;

/**
 * Activation memory of one inference for given input shapes and precision.
 *
 * <p>A tensor is live from the node that produces it (graph inputs from the start) until its last
 * consumer has run (graph outputs until the end). The peak is the largest sum of live tensors while
 * one node runs: its inputs, its outputs and everything produced earlier and still needed. Constant
 * tensors (initializers and anything computed only from them) are weights, not activations. Float
 * tensors take the precision's bytes, integer and BOOL tensors their own size. Runtimes that reuse
 * a buffer in place (Relu, Add into its input) can need less; this is the no-reuse figure.
 */
public final class ActivationMemory {
    private final Precision precision;
    private final long peakBytes;
    private final OnnxNode peakNode;
    private final int peakIndex;
    private final long totalBytes;
    private final List<AttentionTerm> attention;
    private final Map<String, TensorInfo> tensors;
    private final List<String> liveAtPeak;
    private final int fusedAttention;

    ActivationMemory(Precision precision, long peakBytes, OnnxNode peakNode, int peakIndex, long totalBytes,
                     List<AttentionTerm> attention, Map<String, TensorInfo> tensors, List<String> liveAtPeak,
                     int fusedAttention) {
        this.fusedAttention = fusedAttention;
        this.precision = precision;
        this.peakBytes = peakBytes;
        this.peakNode = peakNode;
        this.peakIndex = peakIndex;
        this.totalBytes = totalBytes;
        this.attention = List.copyOf(attention);
        this.tensors = Collections.unmodifiableMap(tensors);
        this.liveAtPeak = List.copyOf(liveAtPeak);
    }

    public Precision precision() {
        return precision;
    }

    /** The largest amount of activation memory live at one time. */
    public long peakBytes() {
        return peakBytes;
    }

    /** The node running when the peak is reached (the first such node), or null for a graph without nodes. */
    public OnnxNode peakNode() {
        return peakNode;
    }

    /** Position of the peak node in execution order (-1 without nodes). */
    public int peakIndex() {
        return peakIndex;
    }

    /** Names of the activations live at the peak, in the order they became known. */
    public List<String> liveAtPeak() {
        return liveAtPeak;
    }

    /** Every activation of the run added up: what training saves for the backward pass. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Attention layers the runtime's rules fuse (their scores and probabilities count nothing). */
    public int fusedAttention() {
        return fusedAttention;
    }

    /** One entry per Softmax over [..., heads, T, T] that is written out, in execution order. */
    public List<AttentionTerm> attention() {
        return attention;
    }

    public Optional<AttentionTerm> largestAttention() {
        AttentionTerm best = null;
        for (AttentionTerm a : attention) {
            if (best == null || a.bytes() > best.bytes()) {
                best = a;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every tensor of the graph (activations and constants) with its propagated shape and type. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** Shapes by tensor name. */
    public Map<String, long[]> shapes() {
        Map<String, long[]> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, t.shape()));
        return out;
    }

    /** The propagated shape of one tensor; an unknown name is an error. */
    public long[] shape(String tensor) {
        TensorInfo t = tensors.get(tensor);
        if (t == null) {
            throw new IllegalArgumentException("the graph has no tensor named '" + tensor + "'");
        }
        return t.shape();
    }

    @Override
    public String toString() {
        return "activations at " + precision + ": peak " + peakBytes + " B at "
                + (peakNode == null ? "-" : peakNode.describe()) + ", total " + totalBytes + " B"
                + largestAttention().map(a -> ", largest attention " + a.bytes() + " B (" + a.node() + ")").orElse("");
    }
}
