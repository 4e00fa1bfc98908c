package org.tilestereo.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.tilestereo.onnx.OnnxGraph;
import org.tilestereo.onnx.OnnxNode;
import org.tilestereo.onnx.OnnxValueInfo;

/**
 * The order nodes run in: the file's order, which valid ONNX keeps topological. A file that breaks
 * that rule is sorted (Kahn's algorithm, ties broken by file position so the result stays close to
 * what the exporter wrote); a tensor nobody provides or a cycle is an error.
 */
final class ExecutionOrder {
    private ExecutionOrder() {
    }

    static List<OnnxNode> of(OnnxGraph graph) {
        Set<String> available = new HashSet<>(graph.initializers().keySet());
        for (OnnxValueInfo in : graph.inputs()) {
            available.add(in.name());
        }
        List<OnnxNode> nodes = graph.nodes();
        Set<String> seen = new HashSet<>(available);
        boolean ordered = true;
        for (OnnxNode n : nodes) {
            for (String in : n.inputs()) {
                if (!in.isEmpty() && !seen.contains(in)) {
                    ordered = false;
                }
            }
            seen.addAll(n.outputs());
        }
        if (ordered) {
            return nodes;
        }
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).outputs()) {
                if (!out.isEmpty()) {
                    producer.put(out, i);
                }
            }
        }
        int[] waiting = new int[nodes.size()];
        List<List<Integer>> consumers = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            consumers.add(new ArrayList<>());
        }
        for (int i = 0; i < nodes.size(); i++) {
            Set<Integer> deps = new HashSet<>();
            for (String in : nodes.get(i).inputs()) {
                if (in.isEmpty() || available.contains(in)) {
                    continue;
                }
                Integer p = producer.get(in);
                if (p == null) {
                    throw new ShapePropagationException(nodes.get(i).describe() + " reads '" + in
                            + "', which no node, graph input or initializer provides");
                }
                if (deps.add(p)) {
                    consumers.get(p).add(i);
                    waiting[i]++;
                }
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<OnnxNode> order = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(nodes.get(i));
            for (int j : consumers.get(i)) {
                if (--waiting[j] == 0) {
                    ready.add(j);
                }
            }
        }
        if (order.size() != nodes.size()) {
            for (int i = 0; i < nodes.size(); i++) {
                if (waiting[i] > 0) {
                    throw new ShapePropagationException("the graph has a cycle through " + nodes.get(i).describe());
                }
            }
        }
        return List.copyOf(order);
    }

    /**
     * The order ONNX Runtime runs a graph in by default: a depth-first walk from the nodes nobody
     * consumes (the last in file order first), each node after its producers, producers visited lowest
     * file position first; a node is placed when its walk is done. It differs from the file's order
     * where branches meet late: a DPT head's early stages run as soon as their block's output exists,
     * not after the last block, which changes what is live at once.
     *
     * @param fileOrder the graph's nodes in a topological order ({@link #of})
     */
    static List<OnnxNode> depthFirstFromOutputs(OnnxGraph graph, List<OnnxNode> fileOrder) {
        List<OnnxNode> nodes = graph.nodes();
        Map<OnnxNode, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i), i);
        }
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).outputs()) {
                if (!out.isEmpty()) {
                    producer.put(out, i);
                }
            }
        }
        List<int[]> inputsOf = new ArrayList<>(nodes.size());
        boolean[] consumed = new boolean[nodes.size()];
        for (OnnxNode n : nodes) {
            java.util.TreeSet<Integer> in = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
            for (String t : n.inputs()) {
                Integer p = t.isEmpty() ? null : producer.get(t);
                if (p != null) {
                    in.add(p);
                    consumed[p] = true;
                }
            }
            inputsOf.add(in.stream().mapToInt(Integer::intValue).toArray());
        }
        java.util.ArrayDeque<int[]> stack = new java.util.ArrayDeque<>();  // {node, leaving}
        for (int i = 0; i < nodes.size(); i++) {
            if (!consumed[i]) {
                stack.push(new int[] {i, 0});
            }
        }
        boolean[] visited = new boolean[nodes.size()];
        List<OnnxNode> order = new ArrayList<>(nodes.size());
        while (!stack.isEmpty()) {
            int[] e = stack.pop();
            if (e[1] == 1) {
                order.add(nodes.get(e[0]));
                continue;
            }
            if (visited[e[0]]) {
                continue;
            }
            visited[e[0]] = true;
            stack.push(new int[] {e[0], 1});
            for (int p : inputsOf.get(e[0])) {  // highest index pushed first, so the lowest is walked first
                stack.push(new int[] {p, 0});
            }
        }
        if (order.size() != fileOrder.size()) {
            return fileOrder;  // a node reachable from no leaf (a cycle was refused by of()); keep the file's order
        }
        return List.copyOf(order);
    }
}
