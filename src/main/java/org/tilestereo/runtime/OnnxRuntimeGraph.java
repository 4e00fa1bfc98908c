package org.tilestereo.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.tilestereo.depth.DepthException;
import org.tilestereo.io.CacheFolders;
import org.tilestereo.io.ChildJvm;
import org.tilestereo.models.Sha256;

/**
 * The graph ONNX Runtime really runs for a model on this machine: its optimizer's output (fused
 * MatMuls, the NCHWc layout of convolutions with their reorders, nodes in the order it executes
 * them), which it writes when a session is opened with an optimized-model path. The planner counts
 * activations on it, since what is live at once depends on those rewrites and on that order.
 *
 * <p>Kept in {@code <cache root>/onnxruntime-graphs}, one file per model file (path, size, time),
 * ONNX Runtime version and CPU (the NCHWc block depends on its vector width). The weights are written
 * apart by ONNX Runtime and deleted: the graph file keeps their shapes and the small constants the
 * shape arithmetic reads.
 */
public final class OnnxRuntimeGraph {
    /** Initializers from this size on go to the side file (deleted); smaller ones stay in the graph. */
    static final long INLINE_BELOW = 1L << 20;

    private OnnxRuntimeGraph() {
    }

    /** The optimized graph for the model, from the cache or written now (opens one session). */
    public static Path of(Path model) throws DepthException {
        return of(model, CacheFolders.root().resolve("onnxruntime-graphs"));
    }

    static Path of(Path model, Path folder) throws DepthException {
        Path target;
        try {
            target = folder.resolve(key(model) + ".onnx");
            if (Files.isRegularFile(target)) {
                return target;
            }
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DepthException("model " + model + ": cannot keep ONNX Runtime's optimized graph in " + folder
                    + " (" + e.getMessage() + ")", e);
        }
        Path work = null;
        try {
            work = Files.createTempDirectory(folder, "graph-");
            Path graph = work.resolve("graph.onnx");
            writeApart(model, graph);
            Files.move(graph, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new DepthException("model " + model + ": cannot keep ONNX Runtime's optimized graph in " + folder
                    + " (" + e.getMessage() + ")", e);
        } finally {
            deleteQuietly(work);
        }
    }

    /**
     * Writes the graph from a child JVM: opening a session loads the weights, and memory a process
     * has freed stays resident in it, so doing it here would inflate this process (a CPU run that
     * already holds its own session, a measurement of resident memory). Where no child can be
     * started, it is written here.
     */
    private static void writeApart(Path model, Path graph) throws DepthException, IOException {
        ChildJvm.Result r;
        try {
            r = ChildJvm.run(OnnxRuntimeGraph.class, List.of(model.toString(), graph.toString()), Duration.ofMinutes(10));
        } catch (IOException e) {
            write(model, graph);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DepthException("model " + model + ": interrupted while ONNX Runtime optimized it", e);
        }
        if (r.status() != 0) {
            throw new DepthException(r.status() == 2 ? r.reason()
                    : "model " + model + ": ONNX Runtime could not optimize it in a child process (" + r.reason() + ")");
        }
    }

    /** Child process entry: MODEL GRAPH; exit 2 with one line on stderr when ONNX Runtime fails. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: OnnxRuntimeGraph MODEL GRAPH");
            System.exit(64);
        }
        try {
            write(Path.of(args[0]), Path.of(args[1]));
        } catch (DepthException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    private static void write(Path model, Path graph) throws DepthException {
        OrtEnvironment env = OnnxRuntimeEnvironment.get();
        try (OrtSession.SessionOptions options = OnnxRuntimeDepthModel.steadyOptions()) {
            options.setOptimizedModelFilePath(graph.toString());
            options.addConfigEntry("session.optimized_model_external_initializers_file_name", "weights.bin");
            options.addConfigEntry("session.optimized_model_external_initializers_min_size_in_bytes",
                    String.valueOf(INLINE_BELOW));
            try (OrtSession session = env.createSession(model.toString(), options)) {
                // Opening the session is what writes the optimized graph.
            }
        } catch (OrtException e) {
            throw new DepthException("model " + model + ": ONNX Runtime could not optimize it ("
                    + OnnxRuntimeDepthModel.oneLine(e) + ")", e);
        }
        if (!Files.isRegularFile(graph)) {
            throw new DepthException("model " + model + ": ONNX Runtime wrote no optimized graph");
        }
    }

    /** What the optimized graph depends on: the model file as it is now, the runtime and the CPU. */
    static String key(Path model) throws IOException {
        Path real = model.toRealPath();
        String identity = real + "|" + Files.size(real) + "|" + Files.getLastModifiedTime(real).toMillis() + "|"
                + OnnxRuntimeEnvironment.get().getVersion() + "|" + System.getProperty("os.arch") + "|" + cpuModel();
        String name = real.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.endsWith(".onnx")) {
            name = name.substring(0, name.length() - ".onnx".length());
        }
        return name + "-" + Sha256.of(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** The CPU's model name and flags (Linux), which decide the optimizer's vector layouts; empty elsewhere. */
    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name") || l.startsWith("flags")).distinct()
                    .reduce("", (a, b) -> a + b);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a leftover in the cache's temporary folder is harmless; the next write starts afresh
        }
    }
}
