package org.tilestereo.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.api.ImageConversion;
import org.tilestereo.cli.Convert;

/**
 * Spark's local mode with two executor threads converts a folder of photos; every result is byte for
 * byte what a single-machine convert of the same photo with the same options writes.
 */
class ClusterConvertTest {
    @TempDir
    Path dir;

    @Test
    void aFolderOnLocalModeEqualsSingleMachineConverts() throws Exception {
        Path in = Files.createDirectory(dir.resolve("in"));
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Files.copy(repo.resolve("samples/photos/fruits.jpg"), in.resolve("fruits.jpg"));
        Files.copy(repo.resolve("samples/photos/building.jpg"), in.resolve("building.jpg"));
        Path depthFree = repo.resolve("samples/aloe/aloeL.jpg");
        Files.copy(depthFree, in.resolve("aloe.jpg"));
        Path out = dir.resolve("out");
        List<String> options = List.of("--model", "replica:vits", "--depth-resolution", "56", "--backend", "cpu");

        String[] args = {"convert", in.toString(), "-o", out.toString(), "--master", "local[2]", "--model", "replica:vits",
                "--depth-resolution", "56", "--backend", "cpu"};
        assertEquals(0, ClusterMain.run(args));

        for (String name : new String[] {"fruits", "building", "aloe"}) {
            Path cluster = out.resolve(name + ".sbs.jpg");
            assertTrue(Files.exists(cluster), cluster.toString());
            Path single = dir.resolve(name + "-single.sbs.jpg");
            ImageConversion.run(Convert.parse(ClusterConvert.args(options, in.resolve(name + ".jpg"), single)
                    .toArray(String[]::new)), System.err);
            assertArrayEquals(Files.readAllBytes(single), Files.readAllBytes(cluster), name + ": the same bytes");
        }
    }

    @Test
    void aTaskSlotLoadsTheModelOnceForAllItsTasks() throws Exception {
        Path in = Files.createDirectory(dir.resolve("slot"));
        Path repo = Path.of("..").toAbsolutePath().normalize();
        for (String name : new String[] {"a", "b", "c"}) {
            Files.copy(repo.resolve("samples/photos/fruits.jpg"), in.resolve(name + ".jpg"));
        }
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        int status;
        // One task slot (local[1]): three tasks, one model load. The depth runtime's line is said once per load.
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            status = ClusterMain.run("convert", in.toString(), "-o", dir.resolve("slot-out").toString(), "--master", "local[1]",
                    "--model", "replica:vits", "--depth-resolution", "56", "--backend", "cpu", "--runtime", "auto");
        } finally {
            System.setErr(before);
        }
        String said = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, status, said);
        assertEquals(1, said.lines().filter(l -> l.startsWith("runtime: ")).count(), said);
        assertTrue(said.contains("converted 3 of 3"), said);
    }
}
