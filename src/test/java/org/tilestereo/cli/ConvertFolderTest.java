package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.testing.CliRun;
import org.tilestereo.testing.Samples;
import org.tilestereo.video.VideoProbe;

/**
 * convert DIR -o OUTDIR: every photo and video converted, named after its input and the layout;
 * a second run skips what is done and says so; -y converts everything again.
 */
class ConvertFolderTest {
    @TempDir
    Path dir;

    @Test
    void convertsEveryPhotoAndVideoThenSkipsThemUnlessOverwrite() throws Exception {
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(5), dir.resolve("conv.onnx"));
        Path in = Files.createDirectory(dir.resolve("in"));
        Files.copy(Samples.file("photos/fruits.jpg"), in.resolve("fruits.jpg"));
        Files.copy(Samples.file("photos/building.jpg"), in.resolve("building.jpg"));
        Files.copy(Samples.file("video/tree.avi"), in.resolve("tree.avi"));
        Files.writeString(in.resolve("notes.txt"), "not a picture\n");
        Path out = dir.resolve("out");
        String[] args = {"convert", in.toString(), "-o", out.toString(), "--model", model.toString(), "--backend", "cpu",
                "--depth-resolution", "56", "--duration", "2"};

        CliRun first = CliRun.of(args);
        assertEquals(0, first.status(), first.toString());
        assertEquals(List.of("building.sbs.jpg", "fruits.sbs.jpg", "tree.sbs.mp4"), names(out));
        assertTrue(first.err().contains("converted 3"), first.err());
        assertEquals(1, first.err().lines().filter(l -> l.startsWith("runtime:")).count(),
                "the model is opened once for the whole folder: " + first.err());
        BufferedImage fruits = ImageIO.read(in.resolve("fruits.jpg").toFile());
        BufferedImage fruitsSbs = ImageIO.read(out.resolve("fruits.sbs.jpg").toFile());
        assertEquals(2 * fruits.getWidth(), fruitsSbs.getWidth());
        assertEquals(fruits.getHeight(), fruitsSbs.getHeight());
        VideoProbe tree = VideoProbe.of(out.resolve("tree.sbs.mp4"));
        assertEquals(640, tree.width(), "tree.avi is 320x240: side by side is 640 wide");
        assertTrue(tree.frames() > 0 && tree.videoMicros().get(tree.frames() - 1) < 2_000_000, "only the first 2 s");

        byte[] before = Files.readAllBytes(out.resolve("tree.sbs.mp4"));
        CliRun second = CliRun.of(args);
        assertEquals(0, second.status(), second.toString());
        assertTrue(second.err().contains("converted 0, skipped 3 already converted (use -y"), second.err());
        assertArrayEquals(before, Files.readAllBytes(out.resolve("tree.sbs.mp4")), "skipped files are untouched");

        Files.writeString(out.resolve("fruits.sbs.jpg"), "stale");
        String[] again = Stream.concat(Stream.of(args), Stream.of("-y")).toArray(String[]::new);
        CliRun third = CliRun.of(again);
        assertEquals(0, third.status(), third.toString());
        assertTrue(third.err().contains("converted 3"), third.err());
        assertNotNull(ImageIO.read(out.resolve("fruits.sbs.jpg").toFile()), "-y converted it again");
        assertEquals(List.of("building.sbs.jpg", "fruits.sbs.jpg", "tree.sbs.mp4"), names(out), "no temporary files left");
    }

    @Test
    void aFolderWithoutPhotosOrVideosIsAnError() throws Exception {
        Path in = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(in.resolve("notes.txt"), "text\n");
        CliRun r = CliRun.of("convert", in.toString(), "-o", dir.resolve("out").toString(), "--model", "m.onnx");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.errorLines().contains("no photos") && r.errorLines().contains("empty"), r.toString());
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
