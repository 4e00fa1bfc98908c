package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.models.Sha256;
import org.tilestereo.onnx.Attribute;
import org.tilestereo.onnx.OnnxDataType;
import org.tilestereo.onnx.OnnxModelBuilder;
import org.tilestereo.testing.CliRun;
import org.tilestereo.testing.Samples;

/**
 * The cases of issue 13's hostile campaign, kept found: each row runs the CLI and checks its exit
 * status, that the first line on stderr is the failure and says what it should (or, for a result
 * that runs, the warning), that nothing but the expected output is left in the folder, and that the
 * inputs are byte for byte as they were.
 */
class HostileInputTest {
    @TempDir
    static Path dir;

    /** One case: arguments with {photo}, {depth}, {flat}, {strip}, {conv}, {badpad}, {nan}, {ctl}, {out}, {dir}. */
    record Case(String name, int status, String gist, boolean output, String... args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("missing input", 1, "no such file", false, "convert", "{dir}/nope.jpg", "--depth", "{depth}", "-o", "{out}"),
                new Case("huge --tile", 2, "--tile", false, "convert", "{photo}", "--model", "{conv}", "--tile", "100000", "-o", "{out}"),
                new Case("2e9 --tile", 2, "--tile", false, "convert", "{photo}", "--model", "{conv}", "--tile", "2000000000", "-o", "{out}"),
                new Case("--depth-resolution 8192", 2, "--depth-resolution", false, "convert", "{photo}", "--model", "{conv}",
                        "--depth-resolution", "8192", "-o", "{out}"),
                new Case("--vram-budget with --depth", 2, "--vram-budget goes with --model", false, "convert", "{photo}",
                        "--depth", "{depth}", "--vram-budget", "4GiB", "-o", "{out}"),
                new Case("--depth-resolution with --depth", 2, "--depth-resolution goes with --model", false, "convert",
                        "{photo}", "--depth", "{depth}", "--depth-resolution", "0", "-o", "{out}"),
                new Case("--start on a photo", 2, "--start is for videos", false, "convert", "{photo}", "--depth", "{depth}",
                        "--start", "3", "-o", "{out}"),
                new Case("missing --calibration", 2, "--calibration", false, "convert", "{photo}", "--model", "{conv}",
                        "--precision", "int8", "--calibration", "{dir}/nonexistent", "-o", "{out}"),
                new Case("output in /proc", 1, "cannot create files in /proc", false, "convert", "{photo}", "--depth", "{depth}",
                        "-o", "/proc/out.png"),
                new Case("output is the input", 1, "is an input", false, "convert", "{photo}", "--depth", "{depth}", "-o", "{photo}", "-y"),
                new Case("model is a device", 1, "not a regular file", false, "plan", "--model", "/dev/urandom", "--size", "100x100",
                        "--vram-budget", "1G"),
                new Case("model is a folder", 1, "{dir}", false, "convert", "{photo}", "--model", "{dir}", "-o", "{out}"),
                new Case("reflect pad larger than the tensor", 1, "reflect pads", false, "convert", "{photo}", "--model", "{badpad}",
                        "--backend", "cpu", "-o", "{out}"),
                new Case("plan of that model", 1, "reflect pads", false, "plan", "--model", "{badpad}", "--size", "100x100",
                        "--vram-budget", "4G"),
                new Case("model output NaN", 1, "not finite", false, "convert", "{photo}", "--model", "{nan}", "--backend", "cpu",
                        "--depth-resolution", "56", "-o", "{out}"),
                new Case("control bytes in a model's names", 1, "\\x1b", false, "convert", "{photo}", "--model", "{ctl}",
                        "--backend", "cpu", "-o", "{out}"),
                new Case("plan cannot fit 1 byte", 1, "does not fit", false, "plan", "--model", "{conv}", "--size", "100x100",
                        "--vram-budget", "1B"),
                new Case("depth map with one value", 0, "warning: ", true, "convert", "{photo}", "--depth", "{flat}", "--backend", "cpu",
                        "-o", "{out}"),
                new Case("--depth-resolution 4096 on the CPU", 1, "more than this machine's", false, "convert", "{photo}",
                        "--model", "replica:vits", "--backend", "cpu", "--runtime", "onnxruntime", "--depth-resolution", "4096",
                        "-o", "{out}"),
                new Case("a 2x2 video", 1, "too small to convert", false, "convert", "{tiny}", "--model", "{conv}",
                        "--backend", "cpu", "-o", "{dir}/out.mp4"),
                new Case("a 30000x30000 PNG", 1, "30000x30000 (900 megapixels)", false, "convert", "{huge}", "--model", "{conv}",
                        "-o", "{out}"),
                new Case("1x5000 image", 0, null, true, "convert", "{strip}", "--model", "{conv}", "--backend", "cpu",
                        "--depth-resolution", "56", "-o", "{out}"));
    }

    static Map<String, String> files = new TreeMap<>();

    @BeforeEach
    void inputs() throws Exception {
        if (!files.isEmpty()) {
            return;
        }
        Path photo = Files.copy(Samples.file("photos/fruits.jpg"), dir.resolve("photo.jpg"));
        BufferedImage p = ImageIO.read(photo.toFile());
        BufferedImage gray = new BufferedImage(p.getWidth(), p.getHeight(), BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < p.getHeight(); y++) {
            for (int x = 0; x < p.getWidth(); x++) gray.getRaster().setSample(x, y, 0, 1000 + 40 * x);
        }
        ImageIO.write(gray, "png", dir.resolve("depth.png").toFile());
        ImageIO.write(new BufferedImage(p.getWidth(), p.getHeight(), BufferedImage.TYPE_USHORT_GRAY), "png",
                dir.resolve("flat.png").toFile());
        ImageIO.write(new BufferedImage(1, 5000, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("strip.png").toFile());
        DepthTestModels.write(DepthTestModels.symmetricConvStack(7), dir.resolve("conv.onnx"));
        DepthTestModels.write(new OnnxModelBuilder("badpad")
                .input("image", OnnxDataType.FLOAT, "N", 3, "H", "W")
                .initializer("pads", new long[] {0, 0, 51969, 0, 0, 0, 51969, 0}, 8)
                .initializer("w", new float[] {1, 1, 1}, 1, 3, 1, 1)
                .node("Pad", List.of("image", "pads"), List.of("p"), Attribute.of("mode", "reflect"))
                .node("Conv", List.of("p", "w"), List.of("depth"))
                .output("depth", OnnxDataType.FLOAT, "N", 1, "H", "W"), dir.resolve("badpad.onnx"));
        DepthTestModels.write(DepthTestModels.nanOutput(), dir.resolve("nan.onnx"));
        DepthTestModels.write(new OnnxModelBuilder("ctl")
                .input("image\u001b[2J", OnnxDataType.FLOAT, "N", 1, "H", "W")
                .node("Relu", List.of("image\u001b[2J"), List.of("depth"))
                .output("depth", OnnxDataType.FLOAT, "N", 1, "H", "W"), dir.resolve("ctl.onnx"));
        Files.write(dir.resolve("huge.png"), pngHeaderClaiming(30000, 30000));
        try (org.bytedeco.javacv.FFmpegFrameRecorder rec = new org.bytedeco.javacv.FFmpegFrameRecorder(
                dir.resolve("tiny.avi").toFile(), 2, 2, 0)) {
            rec.setFormat("avi");
            rec.setVideoCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_RAWVIDEO);
            rec.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24);
            rec.setFrameRate(25);
            rec.start();
            org.bytedeco.javacv.Frame f = new org.bytedeco.javacv.Frame(2, 2, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < 5; i++) {
                rec.record(f);
            }
        }
        for (String f : new String[] {"photo.jpg", "depth.png", "flat.png", "strip.png", "conv.onnx", "badpad.onnx", "nan.onnx", "ctl.onnx",
                "huge.png", "tiny.avi"}) {
            files.put(f, Sha256.of(dir.resolve(f)));
        }
    }

    /** A small PNG file whose header says width x height: what a decompression bomb or a real huge scan looks like at first. */
    static byte[] pngHeaderClaiming(int width, int height) throws Exception {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", ihdr.array());
        java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(idat)) {
            z.write(new byte[100]);
        }
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(java.io.ByteArrayOutputStream png, String type, byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(data);
        png.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        png.writeBytes(data);
        png.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsCleanlyOrWarnsAndLosesNothing(Case c) throws Exception {
        Path out = dir.resolve("out.png");
        Files.deleteIfExists(out);
        List<String> args = new ArrayList<>();
        for (String a : c.args()) {
            args.add(a.replace("{photo}", dir.resolve("photo.jpg").toString()).replace("{depth}", dir.resolve("depth.png").toString())
                    .replace("{flat}", dir.resolve("flat.png").toString()).replace("{strip}", dir.resolve("strip.png").toString())
                    .replace("{conv}", dir.resolve("conv.onnx").toString()).replace("{badpad}", dir.resolve("badpad.onnx").toString())
                    .replace("{nan}", dir.resolve("nan.onnx").toString()).replace("{ctl}", dir.resolve("ctl.onnx").toString())
                    .replace("{huge}", dir.resolve("huge.png").toString()).replace("{tiny}", dir.resolve("tiny.avi").toString()).replace("{out}", out.toString()).replace("{dir}", dir.toString()));
        }
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(c.status(), r.status(), r.toString());
        List<String> err = r.err().lines().toList();
        if (c.status() != 0) {
            assertFalse(err.isEmpty(), "a failure says why: " + r);
            String gist = c.gist().replace("{dir}", dir.toString());
            assertTrue(err.get(0).contains(gist), "the first stderr line is the failure and says '" + gist + "': " + r);
            assertFalse(r.err().contains("internal error"), r.toString());
            assertFalse(r.err().contains("\u001b"), "no control bytes reach the terminal: " + r);
        } else if (c.gist() != null) {
            assertTrue(err.stream().anyMatch(l -> l.startsWith(c.gist())), r.toString());
        }
        assertEquals(c.output(), Files.exists(out), r.toString());
        try (Stream<Path> left = Files.list(dir)) {
            List<String> names = left.map(p -> p.getFileName().toString()).filter(n -> !files.containsKey(n))
                    .filter(n -> !n.equals("out.png")).toList();
            assertFalse(Files.exists(dir.resolve("out.mp4")), "no video output left");
            assertEquals(List.of(), names, "nothing else left: " + r);
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            assertEquals(f.getValue(), Sha256.of(dir.resolve(f.getKey())), f.getKey() + " unchanged");
        }
    }
}
