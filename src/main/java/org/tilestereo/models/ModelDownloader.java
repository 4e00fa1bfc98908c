package org.tilestereo.models;

import org.tilestereo.io.CacheFolders;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tilestereo.io.OutputFile;

/**
 * Fetches a {@link NamedModel} into a cache folder and hands back a file that is known to be it.
 *
 * <ul>
 *   <li>A cached file is used without the network once its size and SHA-256 match; the check is
 *       remembered in a {@code .sha256} file beside it (with the file's size and modification time), so
 *       a large model is hashed once, not on every run.</li>
 *   <li>Bytes arrive in {@code <file>.part}; a broken transfer is resumed with an HTTP Range request,
 *       within this call (a few attempts) or in a later one; a transfer that stalls (no data for the
 *       stall timeout) counts as broken.</li>
 *   <li>Only a part whose size and SHA-256 match is renamed into place; one that does not is deleted.</li>
 *   <li>When the server cannot be reached, the one-line error names the address tried and says how to
 *       pass a local file instead.</li>
 * </ul>
 */
public final class ModelDownloader {
    static final int ATTEMPTS = 4;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tilestereo download watchdog");
        t.setDaemon(true);
        return t;
    });
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient client;
    private final PrintStream log;
    private final Supplier<DownloadProgress> progress;
    private final long retryPauseMillis;
    private final Duration stallTimeout;

    public ModelDownloader(PrintStream log) {
        this(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build(), log, () -> DownloadProgress.forOutput(log), 1000, Duration.ofSeconds(60));
    }

    /**
     * @param retryPauseMillis pause before the second attempt (growing with each further one)
     * @param stallTimeout     a transfer that receives nothing for this long is abandoned and resumed
     */
    public ModelDownloader(HttpClient client, PrintStream log, Supplier<DownloadProgress> progress, long retryPauseMillis,
                           Duration stallTimeout) {
        this.client = client;
        this.log = log;
        this.progress = progress;
        this.retryPauseMillis = retryPauseMillis;
        this.stallTimeout = stallTimeout;
    }

    /** The verified cached copy, if there is one; never touches the network. */
    public Optional<Path> cached(NamedModel m, Path folder) throws IOException {
        Path target = folder.resolve(m.fileName());
        return Files.isRegularFile(target) && isVerified(target, m) ? Optional.of(target) : Optional.empty();
    }

    /** The model's file in folder, downloaded first if it is not there yet (or not intact). */
    public Path fetch(NamedModel m, Path folder) throws DownloadException {
        Path target = folder.resolve(m.fileName());
        Path part = folder.resolve(m.fileName() + ".part");
        try {
            if (Files.isRegularFile(target)) {
                if (isVerified(target, m)) {
                    return target;
                }
                log.println("note: " + target + " is not " + m.name() + " (size or SHA-256 differ); downloading it again");
                Files.delete(target);
                Files.deleteIfExists(marker(target));
            }
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DownloadException(m.name() + ": cannot use the model cache folder " + folder + " (" + describe(e)
                    + "); choose another with --model-cache DIR or " + CacheFolders.ENV + ", or pass a local file with --model FILE", e);
        }
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(out);
            if (lock == null) {
                throw new DownloadException(m.name() + ": another tilestereo is downloading it into " + folder
                        + "; wait for it, or pass a local file with --model FILE");
            }
            log.println("note: " + m.name() + " is not in " + folder + "; downloading " + m.url() + " (licence: " + m.license() + ")");
            try {
                transfer(m, out);
            } catch (DownloadException e) {
                if (out.size() == 0) {
                    Files.deleteIfExists(part); // nothing to resume from
                }
                throw e;
            }
            String sha = Sha256.of(part);
            if (!sha.equals(m.sha256())) {
                Files.delete(part);
                throw new DownloadException(m.name() + ": the download from " + m.url() + " has SHA-256 " + sha + ", expected "
                        + m.sha256() + "; it was discarded (a changed or corrupted file); pass a local file with --model FILE");
            }
            OutputFile.moveIntoPlace(part, target);
            remember(target, m);
            lock.release();
        } catch (IOException e) {
            throw new DownloadException(m.name() + ": cannot write " + part + " (" + describe(e) + ")", e);
        }
        return target;
    }

    private void transfer(NamedModel m, FileChannel out) throws DownloadException, IOException {
        long have = out.size();
        if (have > m.size()) {
            out.truncate(0);
            have = 0;
        }
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS && have < m.size(); attempt++) {
            if (attempt > 1) {
                log.println("note: " + m.name() + ": transfer broke off at " + have + " of " + m.size() + " bytes ("
                        + describe(last) + "); resuming");
                pause(attempt);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(m.url()).GET().header("User-Agent", "tilestereo");
            if (have > 0) {
                request.header("Range", "bytes=" + have + "-");
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (ConnectException | HttpConnectTimeoutException e) {
                throw unreachable(m, e, have);
            } catch (IOException e) {
                last = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadException(m.name() + ": download of " + m.url() + " interrupted", e);
            }
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                long start;
                if (status == 206) {
                    start = contentRangeStart(response).orElse(-1L);
                    if (start != have) {
                        // A range we did not ask for: start again from the beginning.
                        out.truncate(0);
                        have = 0;
                        last = new IOException("server answered the range request with bytes from " + start);
                        continue;
                    }
                } else if (status == 200) {
                    start = 0; // the server ignored the range (or none was asked): the whole file follows
                } else if (status == 416) {
                    out.truncate(0);
                    have = 0;
                    last = new IOException("HTTP 416: the partial download does not fit the file on the server");
                    continue;
                } else if (status == 429 || status >= 500) {
                    last = new IOException("HTTP " + status);
                    continue;
                } else {
                    throw new DownloadException(m.name() + ": cannot download " + m.url() + " (HTTP " + status
                            + "); pass a local file with --model FILE");
                }
                out.truncate(start);
                out.position(start);
                have = start;
                have = copy(m, body, out, have);
                if (have < m.size()) {
                    last = new IOException("connection closed after " + have + " of " + m.size() + " bytes");
                }
            } catch (IOException e) {
                have = out.size();
                last = e;
            }
        }
        if (have < m.size()) {
            throw new DownloadException(m.name() + ": cannot download " + m.url() + " (" + describe(last) + "); the "
                    + have + " bytes received are kept and the download resumes next time; pass a local file with --model FILE",
                    last);
        }
    }

    private long copy(NamedModel m, InputStream body, FileChannel out, long have) throws IOException, DownloadException {
        DownloadProgress p = progress.get();
        p.started(m.name(), have, m.size());
        // HttpClient's body stream has no read timeout; closing it from here ends a blocked read.
        AtomicLong lastData = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        long period = Math.max(10, stallTimeout.toMillis() / 4);
        ScheduledFuture<?> watch = WATCHDOG.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastData.get() > stallTimeout.toNanos() && !stalled.getAndSet(true)) {
                try {
                    body.close();
                } catch (IOException ignored) {
                    // the reader sees the stream closed either way
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
        try {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = read(body, buf, stalled)) > 0; ) {
                lastData.set(System.nanoTime());
                if (have + n > m.size()) {
                    out.truncate(0);
                    throw new DownloadException(m.name() + ": " + m.url() + " is larger than the expected " + m.size()
                            + " bytes; the download was discarded (a changed file?); pass a local file with --model FILE");
                }
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                have += n;
                p.advanced(have);
            }
            return have;
        } finally {
            watch.cancel(false);
            p.stopped();
        }
    }

    private int read(InputStream body, byte[] buf, AtomicBoolean stalled) throws IOException {
        try {
            return body.read(buf);
        } catch (IOException e) {
            if (stalled.get()) {
                throw new IOException(String.format(Locale.ROOT, "no data for %.1f s", stallTimeout.toMillis() / 1000.0), e);
            }
            throw e;
        }
    }

    private DownloadException unreachable(NamedModel m, IOException e, long have) {
        String kept = have > 0 ? "; the " + have + " bytes received so far are kept" : "";
        return new DownloadException(m.name() + ": not in the model cache and cannot reach " + m.url() + " (" + describe(e)
                + ")" + kept + "; pass a local file with --model FILE", e);
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(retryPauseMillis * (attempt - 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Optional<Long> contentRangeStart(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Range").flatMap(v -> {
            Matcher x = CONTENT_RANGE.matcher(v.trim());
            return x.matches() ? Optional.of(Long.parseLong(x.group(1))) : Optional.empty();
        });
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    static Path marker(Path target) {
        return target.resolveSibling(target.getFileName() + ".sha256");
    }

    /** Size first (cheap), then the remembered check, then the SHA-256 itself. */
    static boolean isVerified(Path target, NamedModel m) throws IOException {
        if (Files.size(target) != m.size()) {
            return false;
        }
        String stamp = stamp(target, m.sha256());
        Path marker = marker(target);
        if (Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.US_ASCII).strip().equals(stamp)) {
            return true;
        }
        if (!Sha256.of(target).equals(m.sha256())) {
            return false;
        }
        remember(target, m);
        return true;
    }

    private static void remember(Path target, NamedModel m) throws IOException {
        Files.writeString(marker(target), stamp(target, m.sha256()) + "\n", StandardCharsets.US_ASCII);
    }

    private static String stamp(Path target, String sha) throws IOException {
        return String.format(Locale.ROOT, "%s %d %d", sha, Files.size(target), Files.getLastModifiedTime(target).toMillis());
    }

    /** An exception as one short phrase: its type and the first message along its causes. */
    static String describe(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        String message = null;
        for (Throwable c = e; c != null && message == null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                message = c.getMessage();
            }
        }
        String type = e.getClass().getSimpleName();
        return message == null ? type : type + ": " + message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
