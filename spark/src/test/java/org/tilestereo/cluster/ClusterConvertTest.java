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
    void tasksRunOneAfterAnotherLoadTheModelOnce() throws Exception {
        Path in = Files.createDirectory(dir.resolve("slot"));
        Path repo = Path.of("..").toAbsolutePath().normalize();
        for (String name : new String[] {"a", "b", "c"}) {
            Files.copy(repo.resolve("samples/photos/fruits.jpg"), in.resolve(name + ".jpg"));
        }
        // One task at a time (local[1]): three tasks, one model load. The depth runtime's line is said once per load.
        String said = ClusterRuns.said(0, "convert", in.toString(), "-o", dir.resolve("slot-out").toString(), "--master",
                "local[1]", "--model", "replica:vits", "--depth-resolution", "56", "--backend", "cpu", "--runtime", "auto");
        assertEquals(1, said.lines().filter(l -> l.startsWith("runtime: ")).count(), said);
        assertTrue(said.contains("converted 3 of 3"), said);
    }

    @Test
    void aRerunConvertsOnlyWhatIsMissingOrChanged() throws Exception {
        Path in = Files.createDirectory(dir.resolve("rerun"));
        Path repo = Path.of("..").toAbsolutePath().normalize();
        for (String name : new String[] {"a", "b", "c"}) {
            Files.copy(repo.resolve("samples/photos/building.jpg"), in.resolve(name + ".jpg"));
        }
        Path out = dir.resolve("rerun-out");
        String[] args = {"convert", in.toString(), "-o", out.toString(), "--master", "local[2]", "--model", "replica:vits",
                "--depth-resolution", "56", "--backend", "cpu", "-y"};
        assertEquals(0, ClusterMain.run(args));
        byte[] a = Files.readAllBytes(out.resolve("a.sbs.jpg"));
        java.nio.file.attribute.FileTime aTime = Files.getLastModifiedTime(out.resolve("a.sbs.jpg"));
        // A job cut short: one result never written, one damaged.
        Files.delete(out.resolve("b.sbs.jpg"));
        Files.write(out.resolve("c.sbs.jpg"), new byte[] {1, 2, 3});

        String said = ClusterRuns.said(0, args);
        assertTrue(said.contains("converted 2 of 2 files") && said.contains("skipped 1 already finished"), said);
        assertEquals(aTime, Files.getLastModifiedTime(out.resolve("a.sbs.jpg")), "the finished result is not touched");
        assertArrayEquals(a, Files.readAllBytes(out.resolve("b.sbs.jpg")), "the missing one is made again, the same");
        assertArrayEquals(a, Files.readAllBytes(out.resolve("c.sbs.jpg")), "the damaged one is made again");
        try (var left = Files.list(out)) {
            assertEquals(4, left.count(), "three results and the manifest, no temporaries");
        }
    }

    @Test
    void aTaskThatCrashesIsRetriedAndItsResultIsTheSame() throws Exception {
        Path in = Files.createDirectory(dir.resolve("crash"));
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Files.copy(repo.resolve("samples/photos/fruits.jpg"), in.resolve("a.jpg"));
        Files.copy(repo.resolve("samples/photos/building.jpg"), in.resolve("b.jpg"));
        Path out = dir.resolve("crash-out");
        System.setProperty(ClusterConvert.FAIL_ONCE, "b.jpg");
        String said;
        try {
            // local[2,2]: two threads, a crashed task tried twice in all (clusters retry by default).
            said = ClusterRuns.said(0, "convert", in.toString(), "-o", out.toString(), "--master", "local[2,2]",
                    "--model", "replica:vits", "--depth-resolution", "56", "--backend", "cpu");
        } finally {
            System.clearProperty(ClusterConvert.FAIL_ONCE);
        }
        assertTrue(said.contains("converted 2 of 2") && said.contains("1 task retried by Spark after a crash"), said);
        Path single = dir.resolve("b-single.sbs.jpg");
        ImageConversion.run(Convert.parse(ClusterConvert.args(List.of("--model", "replica:vits", "--depth-resolution", "56",
                "--backend", "cpu"), in.resolve("b.jpg"), single).toArray(String[]::new)), System.err);
        assertArrayEquals(Files.readAllBytes(single), Files.readAllBytes(out.resolve("b.sbs.jpg")), "the retried result");
        try (var left = Files.list(out)) {
            assertEquals(List.of(".tilestereo-cluster-manifest.tsv", "a.sbs.jpg", "b.sbs.jpg"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(), "no marker, no temporary");
        }
    }

    /** A file in the output folder that the job did not make is not replaced without -y, as convert does. */
    @Test
    void aResultThatIsNotTheJobsIsReplacedOnlyWithY() throws Exception {
        Path in = Files.createDirectory(dir.resolve("keep"));
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Files.copy(repo.resolve("samples/photos/fruits.jpg"), in.resolve("a.jpg"));
        Files.copy(repo.resolve("samples/photos/building.jpg"), in.resolve("b.jpg"));
        Path out = Files.createDirectory(dir.resolve("keep-out"));
        byte[] mine = {1, 2, 3};
        Files.write(out.resolve("a.sbs.jpg"), mine);
        String[] args = {"convert", in.toString(), "-o", out.toString(), "--master", "local[2]", "--model", "replica:vits",
                "--depth-resolution", "56", "--backend", "cpu"};
        String said = ClusterRuns.said(1, args);
        assertTrue(said.contains("a.sbs.jpg: already exists; give -y to replace it"), said);
        assertTrue(said.contains("converted 1 of 2 files") && said.contains("failed 1"), said);
        assertArrayEquals(mine, Files.readAllBytes(out.resolve("a.sbs.jpg")), "the user's file is untouched");
        assertTrue(Files.exists(out.resolve("b.sbs.jpg")));

        String[] withY = java.util.Arrays.copyOf(args, args.length + 1);
        withY[args.length] = "-y";
        assertEquals(0, ClusterMain.run(withY));
        assertFalse(java.util.Arrays.equals(mine, Files.readAllBytes(out.resolve("a.sbs.jpg"))), "replaced when asked");
    }

    /** Usage errors and unusable inputs are one line each, before Spark starts, with the command line's statuses. */
    @Test
    void badArgumentsAreRefusedInOneLine() throws Exception {
        Path in = Files.createDirectory(dir.resolve("args"));
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Files.copy(repo.resolve("samples/photos/fruits.jpg"), in.resolve("a.jpg"));
        String out = dir.resolve("args-out").toString();
        assertTrue(ClusterRuns.said(2, "convert", in.toString(), "-o", out, "--segment-seconds", "0")
                .contains("--segment-seconds must be a number of seconds within 0.5..3600, got 0"));
        assertTrue(ClusterRuns.said(2, "convert", in.toString(), "-o", out, "--segment-seconds", "ten")
                .contains("--segment-seconds must be a number of seconds within 0.5..3600, got ten"));
        assertTrue(ClusterRuns.said(2, "convert", in.toString()).contains("give the inputs first and -o OUTDIR"));
        assertTrue(ClusterRuns.said(1, "convert", dir.resolve("missing").toString(), "-o", out)
                .contains("missing: no such file or folder"));
        Path other = Files.createDirectory(dir.resolve("args2"));
        Files.copy(repo.resolve("samples/photos/building.jpg"), other.resolve("a.jpg"));
        assertTrue(ClusterRuns.said(1, "convert", in.toString(), other.toString(), "-o", out, "--model", "replica:vits")
                .contains("two inputs are named a.jpg; their results would collide"));
        assertFalse(Files.exists(Path.of(out)), "nothing written");
    }

    /** The manifest is for one set of options: a rerun with other options converts everything again. */
    @Test
    void aRerunWithOtherOptionsConvertsEverythingAgain() throws Exception {
        Path in = Files.createDirectory(dir.resolve("opts"));
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Files.copy(repo.resolve("samples/photos/fruits.jpg"), in.resolve("a.jpg"));
        Path out = dir.resolve("opts-out");
        String[] first = {"convert", in.toString(), "-o", out.toString(), "--master", "local[1]", "--model", "replica:vits",
                "--depth-resolution", "56", "--backend", "cpu"};
        ClusterRuns.said(0, first);
        byte[] before = Files.readAllBytes(out.resolve("a.sbs.jpg"));
        assertTrue(ClusterRuns.said(0, first).contains("skipped 1 already finished"), "same options: skipped");
        String[] other = java.util.Arrays.copyOf(first, first.length + 3);
        other[first.length] = "--divergence";
        other[first.length + 1] = "4";
        other[first.length + 2] = "-y";
        String said = ClusterRuns.said(0, other);
        assertTrue(said.contains("converted 1 of 1 files") && !said.contains("skipped"), said);
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve("a.sbs.jpg"))), "made again, wider");
    }
}
