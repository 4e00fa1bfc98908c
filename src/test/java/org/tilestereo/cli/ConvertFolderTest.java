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

    @Test
    void inputsThatWouldShareAResultNameKeepTheirExtensionAndNoneIsOverwritten() throws Exception {
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(5), dir.resolve("conv.onnx"));
        Path in = Files.createDirectory(dir.resolve("in"));
        Files.copy(Samples.file("photos/fruits.jpg"), in.resolve("a.jpg"));
        Files.copy(Samples.file("photos/building.jpg"), in.resolve("a.jpeg"));
        Files.copy(Samples.file("photos/fruits.jpg"), in.resolve("b.jpg"));
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("convert", in.toString(), "-o", out.toString(), "--model", model.toString(), "--backend", "cpu",
                "--depth-resolution", "56", "-y");
        assertEquals(0, r.status(), r.toString());
        assertEquals(List.of("a.jpeg.sbs.jpg", "a.jpg.sbs.jpg", "b.sbs.jpg"), names(out));
        assertTrue(r.err().contains("converted 3"), r.err());
        assertTrue(r.err().contains("2 inputs would share the result name a.sbs.jpg"), r.err());
        BufferedImage building = ImageIO.read(in.resolve("a.jpeg").toFile());
        assertEquals(2 * building.getWidth(), ImageIO.read(out.resolve("a.jpeg.sbs.jpg").toFile()).getWidth(),
                "a.jpeg's own result, not a.jpg's");
    }

    @Test
    void aFailingFileNeverStopsTheOthersTheSummaryPrintsAndNothingEmptyIsLeft() throws Exception {
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(5), dir.resolve("conv.onnx"));
        Path in = Files.createDirectory(dir.resolve("in"));
        Files.writeString(in.resolve("a-broken.png"), "not a png");
        ImageIO.write(new BufferedImage(1, 5000, BufferedImage.TYPE_INT_RGB), "png", in.resolve("b-strip.png").toFile());
        Files.copy(Samples.file("photos/fruits.jpg"), in.resolve("c-fruits.jpg"));
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("convert", in.toString(), "-o", out.toString(), "--model", model.toString(), "--backend", "cpu",
                "--depth-resolution", "56");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("converted 2, failed 1"), r.err());
        assertEquals(List.of("b-strip.sbs.png", "c-fruits.sbs.jpg"), names(out), "the strip and the good photo are converted");

        Path onlyBroken = Files.createDirectory(dir.resolve("broken"));
        Files.writeString(onlyBroken.resolve("x.png"), "not a png");
        Path out2 = dir.resolve("out2");
        CliRun r2 = CliRun.of("convert", onlyBroken.toString(), "-o", out2.toString(), "--model", model.toString(),
                "--backend", "cpu", "--depth-resolution", "56");
        assertEquals(1, r2.status(), r2.toString());
        assertTrue(r2.err().contains("converted 0, failed 1"), r2.err());
        assertFalse(Files.exists(out2), "the output folder this run created is removed when nothing is in it");
    }

    @Test
    void aFolderNamedLikeAPhotoIsAnInputFolderButNotAnOutputNameForOne() throws Exception {
        Path in = Files.createDirectory(dir.resolve("shots.png"));
        Files.copy(Samples.file("photos/fruits.jpg"), in.resolve("fruits.jpg"));
        CliRun r = CliRun.of("convert", in.toString(), "-o", dir.resolve("out.png").toString(), "--model", "m.onnx");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.errorLines().contains("out.png") && r.errorLines().contains("give a folder name"), r.toString());
        assertFalse(Files.exists(dir.resolve("out.png")));
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
