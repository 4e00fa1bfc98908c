package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.testing.CliRun;
import org.tilestereo.testing.Samples;

/**
 * Every kind of bad input gets one line naming the file and the problem, the right exit status,
 * no output file (not even a partial one) and unchanged inputs.
 */
class ConvertBadInputTest {
    @TempDir
    Path dir;
    Path photo, depth;
    byte[] photoBytes, depthBytes;

    @BeforeEach
    void copySample() throws IOException {
        photo = dir.resolve("in.jpg");
        depth = dir.resolve("depth.png");
        Files.copy(Path.of("samples/aloe/aloeL.jpg"), photo);
        Files.copy(Path.of("samples/aloe/aloeGT.png"), depth);
        photoBytes = Files.readAllBytes(photo);
        depthBytes = Files.readAllBytes(depth);
    }

    private CliRun convert(String... extra) {
        String[] base = {"convert", "--backend", "cpu"};
        String[] all = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliRun.of(all);
    }

    /** The folder holds exactly these names afterwards: nothing partial left behind. */
    private void assertOnlyFiles(String... names) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> found = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(Stream.of(names).sorted().toList(), found);
        }
    }

    private void assertInputsUnchanged() throws IOException {
        assertArrayEquals(photoBytes, Files.readAllBytes(photo), "the input photo was modified");
        assertArrayEquals(depthBytes, Files.readAllBytes(depth), "the depth map was modified");
    }

    private static void assertOneLineError(CliRun r, int status, String... parts) {
        assertEquals(status, r.status(), r.toString());
        String lines = r.errorLines();
        assertEquals(1, lines.lines().count(), "one line of error expected: " + r);
        for (String p : parts) assertTrue(lines.contains(p), "'" + p + "' missing in: " + lines);
    }

    @Test
    void goodConversionWritesTheOutputAndNothingElse() throws IOException {
        CliRun r = convert(photo.toString(), "--depth", depth.toString(), "--depth-kind", "disparity", "-o", dir.resolve("out.png").toString());
        assertEquals(0, r.status(), r.toString());
        assertOnlyFiles("in.jpg", "depth.png", "out.png");
        assertInputsUnchanged();
    }

    @Test
    void outputsAreReadableLikeAnyNewFileNotPrivateTemporaries() throws IOException {
        Path out = dir.resolve("shared.png");
        CliRun r = convert(photo.toString(), "--depth", depth.toString(), "-o", out.toString());
        assertEquals(0, r.status(), r.toString());
        Path probe = Files.createFile(dir.resolve("probe"));
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(out),
                "the output gets the umask's permissions");
        Files.delete(probe);
    }

    @Test
    void sizesBeyondWhatArithmeticAllowsAreRefusedBeforeAnyWork() throws IOException {
        // A tile over 8192 px cuts nothing a frame could need; a depth resolution over 4096 px is over 85,000
        // tokens (tens of GiB of attention per layer). Both are usage errors, said before anything is read.
        for (String[] bad : new String[][] {{"--tile", "100000"}, {"--tile", "2000000000"}, {"--depth-resolution", "8192"}}) {
            CliRun r = convert(photo.toString(), "--model", "m.onnx", bad[0], bad[1], "-o", dir.resolve("out.png").toString());
            assertEquals(2, r.status(), r.toString());
            assertTrue(r.err().contains(bad[0]) && r.err().contains(bad[1]), r.toString());
            assertOnlyFiles("in.jpg", "depth.png");
        }
    }

    @Test
    void anOutputWhereTheFileSystemTakesNoFilesIsRefusedWithTheReasonBeforeAnyWork() throws IOException {
        CliRun r = convert(photo.toString(), "--depth", depth.toString(), "-o", "/proc/out.png");
        assertOneLineError(r, 1, "/proc/out.png", "cannot create files in /proc");
    }

    @Test
    void missingInput() throws IOException {
        CliRun r = convert(dir.resolve("nope.jpg").toString(), "--depth", depth.toString(), "-o", dir.resolve("out.png").toString());
        assertOneLineError(r, 1, "nope.jpg", "no such file");
        assertOnlyFiles("in.jpg", "depth.png");
    }

    @Test
    void truncatedJpeg() throws IOException {
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(photoBytes, photoBytes.length / 2));
        CliRun r = convert(cut.toString(), "--depth", depth.toString(), "-o", dir.resolve("out.png").toString());
        assertOneLineError(r, 1, "cut.jpg", "damaged");
        assertOnlyFiles("in.jpg", "depth.png", "cut.jpg");
    }

    @Test
    void truncatedPngDepthMap() throws IOException {
        Path cut = dir.resolve("cut.png");
        Files.write(cut, Arrays.copyOf(depthBytes, depthBytes.length / 3));
        CliRun r = convert(photo.toString(), "--depth", cut.toString(), "-o", dir.resolve("out.png").toString());
        assertOneLineError(r, 1, "cut.png");
        assertOnlyFiles("in.jpg", "depth.png", "cut.png");
    }

    @Test
    void notAnImage() throws IOException {
        Path text = dir.resolve("notes.jpg");
        Files.writeString(text, "this is not a picture\n");
        CliRun r = convert(text.toString(), "--depth", depth.toString(), "-o", dir.resolve("out.png").toString());
        assertOneLineError(r, 1, "notes.jpg", "not an image");
        assertOnlyFiles("in.jpg", "depth.png", "notes.jpg");
    }

    @Test
    void depthMapOfAnotherAspectIsRefused() throws IOException {
        Path other = dir.resolve("other.png");
        Files.copy(Samples.file("photos/fruits.jpg"), dir.resolve("fruits.jpg"));
        // a grey picture of another aspect ratio as the "depth map"
        java.awt.image.BufferedImage g = new java.awt.image.BufferedImage(100, 40, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        javax.imageio.ImageIO.write(g, "png", other.toFile());
        CliRun r = convert(photo.toString(), "--depth", other.toString(), "-o", dir.resolve("out.png").toString());
        assertOneLineError(r, 1, "other.png", "aspect ratios differ");
        assertOnlyFiles("in.jpg", "depth.png", "other.png", "fruits.jpg");
    }

    @Test
    void depthMapOfTheSameAspectIsResampledAndSaysSo() throws IOException {
        Path half = dir.resolve("half.png");
        java.awt.image.BufferedImage src = javax.imageio.ImageIO.read(depth.toFile());
        java.awt.image.BufferedImage g = new java.awt.image.BufferedImage(641, 555, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        g.getGraphics().drawImage(src, 0, 0, 641, 555, null);
        javax.imageio.ImageIO.write(g, "png", half.toFile());
        CliRun r = convert(photo.toString(), "--depth", half.toString(), "--depth-kind", "disparity", "-o", dir.resolve("out.png").toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.err().contains("resampled") && r.err().contains("scaled by 2.0000"), r.err());
    }

    @Test
    void outputInAFolderThatDoesNotExist() throws IOException {
        CliRun r = convert(photo.toString(), "--depth", depth.toString(), "-o", dir.resolve("no/such/out.png").toString());
        assertOneLineError(r, 1, "does not exist");
        assertOnlyFiles("in.jpg", "depth.png");
    }

    @Test
    void existingOutputIsKeptWithoutOverwriteAndReplacedWithIt() throws IOException {
        Path out = dir.resolve("out.png");
        Files.writeString(out, "precious");
        CliRun r = convert(photo.toString(), "--depth", depth.toString(), "-o", out.toString());
        assertOneLineError(r, 1, "out.png", "already exists", "-y");
        assertEquals("precious", Files.readString(out));
        CliRun again = convert(photo.toString(), "--depth", depth.toString(), "-o", out.toString(), "-y");
        assertEquals(0, again.status(), again.toString());
        assertNotNull(javax.imageio.ImageIO.read(out.toFile()), "replaced by a real image");
        assertOnlyFiles("in.jpg", "depth.png", "out.png");
    }

    @Test
    void outputThatIsAnInputIsRefusedEvenWithOverwrite() throws IOException {
        CliRun r = convert(photo.toString(), "--depth", depth.toString(), "-o", depth.toString(), "-y");
        assertOneLineError(r, 1, "depth.png", "input");
        assertInputsUnchanged();
    }

    @Test
    void unknownOutputType() throws IOException {
        CliRun r = convert(photo.toString(), "--depth", depth.toString(), "-o", dir.resolve("out.xyz").toString());
        assertOneLineError(r, 1, "out.xyz", "unknown image type");
        assertOnlyFiles("in.jpg", "depth.png");
    }

    @Test
    void outOfRangeNumbersAndUnknownOptionsAreUsageErrors() throws IOException {
        String out = dir.resolve("out.png").toString();
        String[][] cases = {
                {"--divergence", "50"}, {"--convergence", "1.5"}, {"--foreground-scale", "-11"},
                {"--depth-scale", "0"}, {"--layout", "cubes"}, {"--eyes", "three"}, {"--warp", "sideways"},
                {"--backend", "tpu"}, {"--no-such-option"}, {"--divergence", "abc"}, {"--depth-kind", "colour"},
        };
        for (String[] c : cases) {
            String[] args = Stream.concat(Stream.of(photo.toString(), "--depth", depth.toString(), "-o", out), Stream.of(c))
                    .toArray(String[]::new);
            CliRun r = convert(args);
            assertOneLineError(r, 2, c[0]);
        }
        assertOneLineError(convert(photo.toString(), "-o", out), 2, "--depth");
        assertOneLineError(convert(photo.toString(), "--depth", depth.toString()), 2, "--output");
        assertOnlyFiles("in.jpg", "depth.png");
    }
}
