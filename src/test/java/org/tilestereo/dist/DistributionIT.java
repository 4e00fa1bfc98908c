package org.tilestereo.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution (target/dist, built at package by the dist profile) as a user without Java gets
 * it: under 60 MiB, no other platform's natives, it converts the sample with its own runtime, and
 * its commands' default samples are its own.
 */
class DistributionIT {
    static final long LIMIT = 60L << 20;
    static final Path DIST = Path.of("target/dist");

    private static void requireDist() {
        boolean built = Files.isExecutable(DIST.resolve("bin/tilestereo"));
        if (!built) {
            System.out.println("[tilestereo] distribution test skipped: no target/dist (the dist profile runs where the JDK"
                    + " has jmods, and not with -P '!dist')");
        }
        assumeTrue(built, "no target/dist: the dist profile did not run");
    }

    @Test
    void staysUnderTheSizeLimitWithLinuxNativesOnly() throws IOException {
        requireDist();
        long total;
        try (Stream<Path> files = Files.walk(DIST)) {
            // Symbolic links (the runtime's legal notices point at java.base's) count as the link, as in an archive.
            total = files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("[tilestereo] target/dist: %.1f MiB (limit %d MiB)%n", total / 1048576.0, LIMIT >> 20);
        assertTrue(total < LIMIT, () -> "the distribution is " + total + " bytes, over " + LIMIT);
        assertTrue(Files.isExecutable(DIST.resolve("runtime/bin/java")), "a runtime of its own");

        List<String> foreign = new ArrayList<>();
        try (Stream<Path> jars = Files.list(DIST.resolve("lib"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                        String name = e.nextElement().getName();
                        if (name.matches(".*\\.(so|dylib|dll|jnilib)(\\.[0-9]+)*") && !name.contains("linux-x86_64/")
                                && !name.contains("linux-x64/")) {
                            foreign.add(jar.getFileName() + ": " + name);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), foreign, "natives of other platforms");
    }

    /** No java on PATH and no JAVA_HOME: the launcher must use runtime/bin/java. */
    @Test
    void convertsTheSampleWithItsOwnRuntime(@TempDir Path tmp) throws IOException, InterruptedException {
        requireDist();
        Path out = tmp.resolve("x.png");
        String output = runDist(tmp, "convert", "samples/aloe/aloeL.jpg", "--depth", "samples/aloe/aloeGT.png",
                "--depth-kind", "disparity", "-o", out.toString());
        System.out.print("[tilestereo] dist convert:\n" + output);
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(2 * 1282, img.getWidth());
        assertEquals(1110, img.getHeight());
    }

    /** The defaults are the distribution's own samples, found from its lib/, not from the working folder. */
    @Test
    void benchVideosDefaultClipIsInTheDistribution(@TempDir Path tmp) throws IOException, InterruptedException {
        requireDist();
        Path clip = DIST.resolve("samples/video/Megamind.avi");
        assertTrue(Files.isRegularFile(clip), "the distribution carries the sample clip: " + clip.toAbsolutePath());
        clip = clip.toRealPath(); // as the launcher finds lib/ (readlink -f)
        String help = runDist(tmp, "bench", "video", "--help");
        // picocli wraps the help text, a long path even within itself: compare without whitespace.
        assertTrue(help.replaceAll("\\s+", "").contains("sampleclip," + clip + "."), help);
        for (String photo : List.of("aloe/aloeL.jpg", "photos/building.jpg", "photos/fruits.jpg", "photos/leuvenA.jpg")) {
            assertTrue(Files.isRegularFile(DIST.resolve("samples").resolve(photo)), "bench model's default photo " + photo);
        }
    }

    /** Runs the distribution's launcher with a PATH of only the tools it uses (no java) and no JAVA_HOME; it must succeed. */
    private static String runDist(Path tmp, String... args) throws IOException, InterruptedException {
        Path tools = tmp.resolve("tools");
        if (!Files.isDirectory(tools)) {
            Files.createDirectories(tools);
            for (String tool : new String[] {"bash", "dirname", "readlink", "ls", "grep", "head"}) {
                Files.createSymbolicLink(tools.resolve(tool), which(tool));
            }
        }
        List<String> command = new ArrayList<>(List.of(DIST.resolve("bin/tilestereo").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", tools.toString());
        env.put("HOME", System.getProperty("user.home"));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", args) + " did not finish");
        assertEquals(0, p.exitValue(), output);
        return output;
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(tool + " not found on PATH");
    }
}
