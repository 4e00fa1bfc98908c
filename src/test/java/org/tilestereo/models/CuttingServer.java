package org.tilestereo.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal HTTP/1.1 file server on a raw loopback socket, for the one thing HttpServer cannot do:
 * drop the connection in the middle of a response. The first response announces the whole file,
 * sends half of it and closes the socket; later ones honour "Range: bytes=N-".
 */
final class CuttingServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("(?i)range:\\s*bytes=(\\d+)-\\s*");

    private final ServerSocket socket;
    private final byte[] content;
    private final Thread thread;
    final List<String> ranges = new CopyOnWriteArrayList<>();

    CuttingServer(byte[] content) throws IOException {
        this.content = content;
        this.socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "cutting server");
        thread.setDaemon(true);
        thread.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/model.onnx");
    }

    private void serve() {
        int served = 0;
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                int from = 0;
                String range = "";
                for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                    Matcher m = RANGE.matcher(line);
                    if (m.matches()) {
                        from = Integer.parseInt(m.group(1));
                        range = "bytes=" + from + "-";
                    }
                }
                ranges.add(range);
                OutputStream out = s.getOutputStream();
                int length = content.length - from;
                String head = from > 0
                        ? "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + from + "-" + (content.length - 1) + "/" + content.length + "\r\n"
                        : "HTTP/1.1 200 OK\r\n";
                out.write((head + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(content, from, served++ == 0 ? length / 2 : length);
                out.flush();
            } catch (IOException e) {
                // closed by the test, or the client went away
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
