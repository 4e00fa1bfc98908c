package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.testing.Samples;

/**
 * Ctrl-C during a video conversion, for real: the CLI runs in a child JVM, gets SIGINT once its
 * progress shows frames being written, and must exit promptly with a failure status, say so, and
 * leave neither the output nor its temporary file behind.
 */
class ConvertVideoInterruptTest {
    @TempDir
    Path dir;

    @Test
    void sigintStopsTheRunAndRemovesTheTemporaryFile() throws Exception {
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(5), dir.resolve("conv.onnx"));
        Path outDir = Files.createDirectory(dir.resolve("out"));
        Path out = outDir.resolve("megamind.mp4");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire names the test class path in this property (java.class.path may be its booter jar).
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-cp", classPath, "org.tilestereo.cli.Main", "convert",
                Samples.file("video/Megamind.avi").toString(), "--model", model.toString(), "--backend", "cpu",
                "--depth-resolution", "140", "-o", out.toString())
                .redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        CountDownLatch progress = new CountDownLatch(1);
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.startsWith("progress:")) progress.countDown();
                }
            } catch (java.io.IOException ignored) {
                // the child is gone
            }
        });
        pump.start();
        try {
            assertTrue(progress.await(60, TimeUnit.SECONDS), "no progress line within 60 s:\n" + output);
            assertTrue(p.isAlive(), "the run must still be going when interrupted:\n" + output);
            long t0 = System.nanoTime();
            int kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertEquals(0, kill, "kill -INT failed");
            assertTrue(p.waitFor(15, TimeUnit.SECONDS), "still running 15 s after SIGINT:\n" + output);
            double seconds = (System.nanoTime() - t0) / 1e9;
            pump.join(5000);
            System.out.printf("interrupted run exited with %d after %.2f s:%n%s", p.exitValue(), seconds, output);
            assertNotEquals(0, p.exitValue(), "an interrupted run fails");
            assertTrue(output.toString().contains("interrupted") && output.toString().contains("unfinished output was removed"),
                    output.toString());
            try (Stream<Path> left = Files.list(outDir)) {
                assertEquals(List.of(), left.toList(), "neither output nor temporary file is left");
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
