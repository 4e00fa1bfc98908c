package org.tilestereo.models;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a loopback server: fresh, resumed, refused on a bad checksum, reused offline, and the no-network message. */
class ModelDownloaderTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static NamedModel modelOf(byte[] content, URI url) {
        return new NamedModel("test-model-small", url, content.length, Sha256.of(content), "test-model-small.onnx",
                "test licence", "made by the test");
    }

    private ModelDownloader downloader() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return new ModelDownloader(client, log, () -> DownloadProgress.forOutput(log), 10, Duration.ofMillis(800));
    }

    private Path folder() {
        return dir.resolve("models");
    }

    @Test
    void freshDownloadIsVerifiedAndCached() throws Exception {
        byte[] content = randomBytes(300_000, 1);
        try (LoopbackServer server = new LoopbackServer("/m/model.onnx", content)) {
            NamedModel m = modelOf(content, server.uri());
            Path file = downloader().fetch(m, folder());
            assertEquals(folder().resolve("test-model-small.onnx"), file);
            assertArrayEquals(content, Files.readAllBytes(file));
            assertFalse(Files.exists(folder().resolve("test-model-small.onnx.part")), "the part file is renamed into place");
            assertEquals(List.of(""), server.ranges, "one request, without a range");
            assertTrue(Files.readString(ModelDownloader.marker(file)).startsWith(m.sha256()), "the check is remembered");
            String out = logBytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("downloading " + server.uri()) && out.contains("test licence"), out);
            assertTrue(out.contains("100%"), "progress reaches 100%: " + out);
        }
    }

    @Test
    void aConnectionCutHalfwayIsResumedWithARangeRequest() throws Exception {
        byte[] content = randomBytes(400_000, 2);
        try (CuttingServer server = new CuttingServer(content)) {
            Path file = downloader().fetch(modelOf(content, server.uri()), folder());
            assertArrayEquals(content, Files.readAllBytes(file));
            assertEquals(2, server.ranges.size(), "a second request: " + server.ranges);
            assertEquals("", server.ranges.get(0));
            long resumedAt = Long.parseLong(server.ranges.get(1).replaceAll("bytes=(\\d+)-", "$1"));
            assertTrue(resumedAt > 0 && resumedAt <= content.length / 2, "resumed where the first response stopped: " + server.ranges);
            assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("resuming"), logBytes.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aStalledTransferIsAbandonedAndResumed() throws Exception {
        byte[] content = randomBytes(300_000, 12);
        try (LoopbackServer server = new LoopbackServer("/m/model.onnx", content)) {
            server.stallsLeft.set(1);
            long t0 = System.nanoTime();
            Path file = downloader().fetch(modelOf(content, server.uri()), folder());
            assertArrayEquals(content, Files.readAllBytes(file));
            assertEquals(List.of("", "bytes=150000-"), server.ranges);
            assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "gave up on the stall after its timeout");
            assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("no data for 0.8 s"), logBytes.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aPartialFileFromAnEarlierRunIsResumed() throws Exception {
        byte[] content = randomBytes(250_000, 3);
        Files.createDirectories(folder());
        Files.write(folder().resolve("test-model-small.onnx.part"), Arrays.copyOf(content, 100_000));
        try (LoopbackServer server = new LoopbackServer("/m/model.onnx", content)) {
            Path file = downloader().fetch(modelOf(content, server.uri()), folder());
            assertArrayEquals(content, Files.readAllBytes(file));
            assertEquals(List.of("bytes=100000-"), server.ranges);
        }
    }

    @Test
    void aServerThatIgnoresRangesStillGivesTheRightFile() throws Exception {
        byte[] content = randomBytes(200_000, 4);
        Files.createDirectories(folder());
        // A stale part that is not even a prefix of the file: it must be replaced, not appended to.
        Files.write(folder().resolve("test-model-small.onnx.part"), randomBytes(50_000, 99));
        try (LoopbackServer server = new LoopbackServer("/m/model.onnx", content)) {
            server.ignoreRanges = true;
            Path file = downloader().fetch(modelOf(content, server.uri()), folder());
            assertArrayEquals(content, Files.readAllBytes(file));
        }
    }

    @Test
    void aChecksumMismatchIsRefusedAndNothingIsKept() throws Exception {
        byte[] expected = randomBytes(120_000, 5);
        byte[] served = expected.clone();
        served[60_000] ^= 1;
        try (LoopbackServer server = new LoopbackServer("/m/model.onnx", served)) {
            NamedModel m = modelOf(expected, server.uri());
            DownloadException e = assertThrows(DownloadException.class, () -> downloader().fetch(m, folder()));
            assertTrue(e.getMessage().contains("SHA-256") && e.getMessage().contains(m.sha256())
                    && e.getMessage().contains("discarded") && e.getMessage().contains("--model FILE"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            assertFalse(Files.exists(folder().resolve("test-model-small.onnx")), "no file under the model's name");
            assertFalse(Files.exists(folder().resolve("test-model-small.onnx.part")), "no part to resume from either");
        }
    }

    @Test
    void aLargerFileThanExpectedIsRefused() throws Exception {
        byte[] expected = randomBytes(10_000, 6);
        byte[] served = Arrays.copyOf(expected, 20_000);
        try (LoopbackServer server = new LoopbackServer("/m/model.onnx", served)) {
            DownloadException e = assertThrows(DownloadException.class, () -> downloader().fetch(modelOf(expected, server.uri()), folder()));
            assertTrue(e.getMessage().contains("larger than the expected 10000 bytes"), e.getMessage());
            assertFalse(Files.exists(folder().resolve("test-model-small.onnx")));
        }
    }

    @Test
    void aCachedModelIsUsedOfflineAndATamperedOneIsNotTrusted() throws Exception {
        byte[] content = randomBytes(150_000, 7);
        NamedModel m;
        Path file;
        try (LoopbackServer server = new LoopbackServer("/m/model.onnx", content)) {
            m = modelOf(content, server.uri());
            file = downloader().fetch(m, folder());
        }
        // The server is gone: the cached copy is enough.
        assertEquals(file, downloader().fetch(m, folder()));
        assertEquals(file, new ModelDownloader(log).cached(m, folder()).orElseThrow());

        // Same size, one byte changed, modification time moved: the remembered check no longer applies.
        byte[] tampered = content.clone();
        tampered[10] ^= 1;
        Files.write(file, tampered);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        assertTrue(new ModelDownloader(log).cached(m, folder()).isEmpty(), "a changed file is not the model");
        DownloadException e = assertThrows(DownloadException.class, () -> downloader().fetch(m, folder()));
        assertTrue(e.getMessage().contains("cannot reach " + m.url()), e.getMessage());
        assertFalse(Files.exists(file), "the tampered file was removed, not used");
    }

    @Test
    void withoutNetworkTheMessageSaysWhatWasTriedAndHowToPassAFile() throws Exception {
        byte[] content = randomBytes(1000, 8);
        URI url;
        try (LoopbackServer server = new LoopbackServer("/m/model.onnx", content)) {
            url = server.uri();
        }
        NamedModel m = modelOf(content, url);
        DownloadException e = assertThrows(DownloadException.class, () -> downloader().fetch(m, folder()));
        String msg = e.getMessage();
        assertEquals(1, msg.lines().count(), msg);
        assertTrue(msg.startsWith("test-model-small: not in the model cache and cannot reach " + url), msg);
        assertTrue(msg.contains("ConnectException") && msg.endsWith("pass a local file with --model FILE"), msg);
        assertFalse(Files.exists(folder().resolve("test-model-small.onnx.part")), "no empty part file left behind");
    }

    @Test
    void anHttpErrorIsNamed() throws Exception {
        byte[] content = randomBytes(1000, 9);
        try (LoopbackServer server = new LoopbackServer("/m/model.onnx", content)) {
            server.status = 404;
            DownloadException e = assertThrows(DownloadException.class, () -> downloader().fetch(modelOf(content, server.uri()), folder()));
            assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains(server.uri().toString()), e.getMessage());
        }
    }

    @Test
    void progressLinesWithoutATerminal() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressLines p = new ProgressLines(new PrintStream(out, true, StandardCharsets.UTF_8));
        p.started("m", 0, 1000);
        for (int i = 1; i <= 100; i++) {
            p.advanced(i * 10L);
        }
        p.stopped();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(11, lines.size(), "a start line and one per tenth: " + lines);
        assertEquals("m: 100% (0.0 MB of 0.0 MB)", lines.get(10));
        assertEquals("m [###############---------------]  50% 50.0 MB of 100.0 MB, 1.0 MB/s",
                ProgressBar.line("m", 50_000_000, 100_000_000, 1e6));
    }
}
