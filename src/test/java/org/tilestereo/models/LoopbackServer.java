package org.tilestereo.models;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file server on 127.0.0.1 (a free port) for download tests: honours "Range: bytes=N-" with 206,
 * records the Range header of every request, and can misbehave on purpose: stall the first responses
 * half-way (send half the body, then nothing, with the connection left open), answer with an HTTP
 * error, or ignore ranges.
 */
final class LoopbackServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final byte[] content;
    private final String path;
    final List<String> ranges = new CopyOnWriteArrayList<>();
    /** Responses still to stall after half their body. */
    final AtomicInteger stallsLeft = new AtomicInteger();
    private final java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
    volatile boolean ignoreRanges;
    volatile int status = 200;

    LoopbackServer(String path, byte[] content) throws IOException {
        this.path = path;
        this.content = content;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void handle(HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "" : range);
        if (status != 200) {
            ex.sendResponseHeaders(status, -1);
            ex.close();
            return;
        }
        int from = 0;
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m != null && m.matches() && !ignoreRanges) {
            from = Integer.parseInt(m.group(1));
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            ex.sendResponseHeaders(206, content.length - from);
        } else {
            ex.sendResponseHeaders(200, content.length);
        }
        OutputStream body = ex.getResponseBody();
        int length = content.length - from;
        if (stallsLeft.getAndDecrement() > 0) {
            body.write(content, from, length / 2);
            body.flush();
            try {
                stop.await(); // until the test ends: the client must give up on its own
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        body.write(content, from, length);
        body.close();
    }

    @Override
    public void close() {
        stop.countDown();
        server.stop(0);
    }
}
