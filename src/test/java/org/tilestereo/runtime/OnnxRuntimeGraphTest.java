package org.tilestereo.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.depth.DepthException;
import org.tilestereo.onnx.Attribute;
import org.tilestereo.onnx.OnnxDataType;
import org.tilestereo.onnx.OnnxModel;
import org.tilestereo.onnx.OnnxModelBuilder;
import org.tilestereo.plan.MemoryModel;
import org.tilestereo.plan.Precision;
import org.tilestereo.plan.RuntimeRules;

/** ONNX Runtime's optimized graph: written once per model (by a child JVM), kept, and counted by the memory model. */
class OnnxRuntimeGraphTest {
    @TempDir
    Path dir;

    /** x[N,16,H,W] -> Conv 3x3 (16->16) -> Relu -> Conv 3x3 (16->16) -> Add x -> y: convolutions the CPU optimizer rewrites. */
    private Path model() throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder("convs")
                .input("x", OnnxDataType.FLOAT, "N", 16, "H", "W")
                .initializer("w1", new float[16 * 16 * 9], 16, 16, 3, 3)
                .initializer("w2", new float[16 * 16 * 9], 16, 16, 3, 3)
                .node("Conv", List.of("x", "w1"), List.of("c1"), Attribute.ints("pads", 1, 1, 1, 1))
                .node("Relu", List.of("c1"), List.of("r1"))
                .node("Conv", List.of("r1", "w2"), List.of("c2"), Attribute.ints("pads", 1, 1, 1, 1))
                .node("Add", List.of("c2", "x"), List.of("y"))
                .output("y", OnnxDataType.FLOAT, "N", 16, "H", "W");
        Path file = dir.resolve("convs.onnx");
        Files.write(file, b.build());
        return file;
    }

    @Test
    void theOptimizedGraphIsWrittenOnceAndTheMemoryModelCountsIt() throws Exception {
        Path model = model();
        Path cache = dir.resolve("graphs");
        Path graph = OnnxRuntimeGraph.of(model, cache);
        assertTrue(Files.isRegularFile(graph));
        try (var left = Files.list(cache)) {
            assertEquals(List.of(graph), left.toList(), "only the graph stays: no weights file, no temporary folder");
        }
        Files.setLastModifiedTime(graph, FileTime.fromMillis(1_000_000));
        assertEquals(graph, OnnxRuntimeGraph.of(model, cache));
        assertEquals(FileTime.fromMillis(1_000_000), Files.getLastModifiedTime(graph), "the cached graph is reused, not rewritten");

        MemoryModel file = MemoryModel.of(OnnxModel.read(model));
        MemoryModel runtime = file.withRuntimeGraph(OnnxModel.read(graph));
        assertTrue(runtime.countsRuntimeGraph());
        long peak = runtime.activationsWithInPlaceReuse(1, 32, 32, Precision.FP32, RuntimeRules.ONNX_RUNTIME_CPU).peakBytes();
        // x, and at least one convolution's output beside it: 2 x 16 x 32 x 32 x 4 bytes.
        assertTrue(peak >= 2 * 16 * 32 * 32 * 4, "peak " + peak);
        assertEquals(file.weights(), runtime.weights(), "weights are the file's");
    }

    @Test
    void aModelOnnxRuntimeRefusesIsOneLineNamingIt() throws Exception {
        Path bad = dir.resolve("bad.onnx");
        Files.writeString(bad, "not a model");
        DepthException e = assertThrows(DepthException.class, () -> OnnxRuntimeGraph.of(bad, dir.resolve("graphs")));
        assertTrue(e.getMessage().contains("bad.onnx"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
