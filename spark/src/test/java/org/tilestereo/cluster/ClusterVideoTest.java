package org.tilestereo.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.api.ImageConversion;
import org.tilestereo.api.VideoConversion;
import org.tilestereo.cli.Convert;
import org.tilestereo.image.RgbImage;
import org.tilestereo.video.VideoReader;

/**
 * Videos on Spark's local mode, split into segments at key frames, converted by separate tasks and
 * joined: the frames (timestamps and pixels, lossless FFV1 in MKV) equal a single-machine convert of
 * the same input with the same options; a crashed segment task is retried; a job that failed half
 * way is finished by a rerun that converts only the missing segments.
 */
class ClusterVideoTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    /** Lossless output, so frames compare exactly; a small depth resolution keeps the runs short. */
    private static final List<String> OPTIONS = List.of("--model", "replica:vits", "--depth-resolution", "56", "--backend",
            "cpu", "--codec", "ffv1");

    @TempDir
    Path dir;

    /** Every frame's timestamp and a digest of its pixels. */
    static List<String> frames(Path video) throws Exception {
        List<String> out = new ArrayList<>();
        try (VideoReader r = VideoReader.open(video, 0, 0)) {
            RgbImage img = new RgbImage(r.info().width(), r.info().height());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            while (r.read(img, new ArrayList<>())) {
                out.add(r.pts() + " " + HexFormat.of().formatHex(sha.digest(img.data())));
            }
        }
        return out;
    }

    private Path single(Path input, String name) throws Exception {
        Path out = dir.resolve("single-" + name);
        if (!Files.exists(out)) {
            String[] args = ClusterConvert.args(OPTIONS, input, out).toArray(String[]::new);
            if (name.endsWith(".mkv")) VideoConversion.run(Convert.parse(args), System.err);
            else ImageConversion.run(Convert.parse(args), System.err);
        }
        return out;
    }

    private static String[] job(Path in, Path out, String master, String... more) {
        List<String> a = new ArrayList<>(List.of("convert", in.toString(), "-o", out.toUri().toString(), "--master", master,
                "--segment-seconds", "3"));
        a.addAll(OPTIONS);
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void aFolderOfTwoVideosAndTwoPhotosEqualsSingleMachineConverts() throws Exception {
        Path in = Files.createDirectory(dir.resolve("in"));
        Files.copy(REPO.resolve("samples/video/Megamind.avi"), in.resolve("Megamind.avi"));
        Files.copy(REPO.resolve("samples/video/tree.avi"), in.resolve("tree.avi"));
        Files.copy(REPO.resolve("samples/photos/fruits.jpg"), in.resolve("fruits.jpg"));
        Files.copy(REPO.resolve("samples/photos/building.jpg"), in.resolve("building.jpg"));
        Path out = dir.resolve("out");
        // file:// for the output folder: the Hadoop file system calls a cluster makes on hdfs:// or s3a://.
        String said = ClusterRuns.said(0, job(in, out, "local[2]"));
        assertTrue(said.contains("converted 4 of 4 files"), said);
        assertTrue(said.contains("cluster: Megamind.avi: 3 segments (62 warm-up frames); 270 frames converted"), said);
        assertTrue(said.lines().anyMatch(l -> l.matches("cluster: \\[#+\\] \\d+/\\d+ frames 100%.*")), "one progress bar: " + said);

        for (String name : new String[] {"Megamind.sbs.mkv", "tree.sbs.mkv"}) {
            List<String> cluster = frames(out.resolve(name)), one = frames(single(in.resolve(name.replace(".sbs.mkv", ".avi")), name));
            assertEquals(one.size(), cluster.size(), name + ": frame count");
            assertEquals(one, cluster, name + ": every frame's timestamp and pixels");
        }
        for (String name : new String[] {"fruits.sbs.jpg", "building.sbs.jpg"}) {
            assertArrayEquals(Files.readAllBytes(single(in.resolve(name.replace(".sbs", "")), name)),
                    Files.readAllBytes(out.resolve(name)), name);
        }
        try (var left = Files.list(out)) {
            assertEquals(List.of(".tilestereo-cluster-manifest.tsv", "Megamind.sbs.mkv", "building.sbs.jpg", "fruits.sbs.jpg",
                    "tree.sbs.mkv"), left.map(p -> p.getFileName().toString()).sorted().toList(), "no segments or temporaries left");
        }
    }

    @Test
    void aCrashedSegmentIsRetriedAndAHalfFinishedJobIsFinishedByARerun() throws Exception {
        Path in = Files.createDirectory(dir.resolve("one"));
        Files.copy(REPO.resolve("samples/video/Megamind.avi"), in.resolve("Megamind.avi"));
        List<String> one = frames(single(in.resolve("Megamind.avi"), "Megamind.sbs.mkv"));

        // A crash retried: local[2,2] tries a task twice.
        Path retried = dir.resolve("retried");
        System.setProperty(ClusterConvert.FAIL_ONCE, "Megamind.avi#1");
        String said;
        try {
            said = ClusterRuns.said(0, job(in, retried, "local[2,2]"));
        } finally {
            System.clearProperty(ClusterConvert.FAIL_ONCE);
        }
        assertTrue(said.contains("1 segment retried") && said.contains("1 task retried by Spark after a crash"), said);
        assertEquals(one, frames(retried.resolve("Megamind.sbs.mkv")), "the retried segment gives the same frames");

        // A job that fails half way (local[1]: one attempt, segments in order; the last one crashes).
        Path half = dir.resolve("half");
        System.setProperty(ClusterConvert.FAIL_ONCE, "Megamind.avi#2");
        try {
            said = ClusterRuns.said(1, job(in, half, "local[1]"));
        } finally {
            System.clearProperty(ClusterConvert.FAIL_ONCE);
        }
        assertTrue(said.contains("the job failed") && said.contains("what finished is kept"), said);
        assertFalse(Files.exists(half.resolve("Megamind.sbs.mkv")));
        said = ClusterRuns.said(0, job(in, half, "local[1]"));
        assertTrue(said.contains("converted 1 of 1 files") && said.contains("skipped 2 segments finished before"), said);
        assertEquals(one, frames(half.resolve("Megamind.sbs.mkv")), "finished by the rerun: one run's frames");
        assertFalse(Files.exists(half.resolve(ClusterMain.SEGMENTS)), "the segments are gone once joined");
    }
}
