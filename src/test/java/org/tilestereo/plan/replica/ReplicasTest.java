package org.tilestereo.plan.replica;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.depth.DepthBatch;
import org.tilestereo.runtime.OnnxRuntimeDepthModel;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.plan.replica.DepthAnythingV2Replica.Variant;

/** Replica names resolved to cached model files; the ViT-L replica written without holding its weights. */
class ReplicasTest {

    @Test
    void invalidNamesAreRefusedWithTheValidOnes(@TempDir Path dir) {
        for (String bad : new String[] {"replica:vitg", "replica:", "vits", "replica:VITS", "replica:vits:x",
                "replica:vits:-1", "replica:vits:1:2", "replica:vits:", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Replicas.resolve(bad, dir), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("replica:vits, replica:vitb, replica:vitl"),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Replicas.resolve(null, dir));
        assertEquals(List.of("replica:vits", "replica:vitb", "replica:vitl"), Replicas.names());
    }

    @Test
    void aReplicaIsWrittenOnceAndOpensAsADepthModel(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("a/b");
        Path file = Replicas.resolve("replica:vits", cache);
        assertEquals(cache.resolve("vits-0-r" + Replicas.REVISION + ".onnx"), file);
        assertArrayEquals(DepthAnythingV2Replica.bytes(Variant.VITS, 0), Files.readAllBytes(file));
        Path probe = Files.createFile(cache.resolve("probe"));
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(file),
                "the replica gets the umask's permissions, not a private temporary's 0600");
        Files.delete(probe);
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, written);
        assertEquals(file, Replicas.resolve("replica:vits", cache));
        assertEquals(written, Files.getLastModifiedTime(file), "a complete cached file is reused, not rewritten");
        try (var files = Files.list(cache)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }

        try (OnnxRuntimeDepthModel model = OnnxRuntimeDepthModel.open(file)) {
            ModelInput input = model.inputFor(160, 112, 112);
            assertEquals(112, input.height());
            assertEquals(154, input.width());
            float[] nchw = new float[input.floatsPerImage()];
            Random rnd = new Random(3);
            for (int i = 0; i < nchw.length; i++) {
                nchw[i] = (float) rnd.nextGaussian();
            }
            DepthBatch depth = model.run(nchw, 1, input);
            assertEquals(154, depth.width());
            assertEquals(112, depth.height());
            for (int i = 0; i < 154 * 112; i++) {
                assertTrue(Float.isFinite(depth.values()[i]), "finite depth at " + i);
            }
            System.out.println(model.describe());
        }
    }

    @Test
    void aTruncatedCacheFileIsReplacedAndSeedsHaveTheirOwnFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("vits-7-r" + Replicas.REVISION + ".onnx");
        Files.write(file, new byte[] {1, 2, 3});
        assertEquals(file, Replicas.resolve("replica:vits:7", dir));
        assertArrayEquals(DepthAnythingV2Replica.bytes(Variant.VITS, 7), Files.readAllBytes(file));
    }

    @Test
    void theViTLReplicaIsWrittenWithoutHoldingItsWeights(@TempDir Path dir) throws IOException {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        Path file = Replicas.resolve("replica:vitl", dir);
        long writeMs = (System.nanoTime() - start) / 1_000_000;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();

        long floats = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            for (OnnxInitializerReader.Initializer i : OnnxInitializerReader.read(in)) {
                assertEquals(4 * i.elements(), i.rawBytes(), i.name());
                floats += i.elements();
            }
        }
        System.out.printf("ViT-L replica: %,d bytes written in %d ms, heap peak %d MB while writing, %,d float parameters read back%n",
                Files.size(file), writeMs, peak >> 20, floats);
        assertEquals(DepthAnythingV2Replica.parameterCount(Variant.VITL), floats);
        assertEquals(DepthAnythingV2Replica.build(Variant.VITL, 0).encodedSize(), Files.size(file));
        // Holding the weights would take 1.3 GB of heap; written streaming it is the graph and a chunk.
        assertTrue(peak < Files.size(file) / 2, "heap peak " + (peak >> 20) + " MB while writing");
    }
}
