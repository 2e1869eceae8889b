package ml.consensus.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ml.consensus.support.NodeClient;

/**
 * The packaged jar running as its own operating-system process, started as an operator would
 * start it ({@code java -jar}), and ended the hard way: {@link #kill()} sends SIGKILL, so no
 * shutdown hook, no connection-pool close and no H2 close runs. The process's output goes to a
 * log file kept for evidence.
 */
final class NodeProcess implements AutoCloseable {

    /** Exit status the JDK reports on Unix for a process ended by a signal: 128 + signal number (9 = SIGKILL). */
    static final int SIGKILL_EXIT_STATUS = 128 + 9;

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final int WRITE_ANSWER_TIMEOUT_MILLIS = 180_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final int port;
    private final Path log;
    private final NodeClient client;

    private NodeProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.client = new NodeClient(port);
    }

    /**
     * Starts {@code java [jvmOptions] -jar jar --server.port=<free port> --consensus.data-dir=dataDir
     * --consensus.difficulty=difficulty [extraArgs]} and returns once {@code GET /decentralized/status} answers 200.
     * Retries with another port if the chosen one was taken in the meantime.
     *
     * @throws IllegalStateException if the node exits or is not ready within the timeout (with the log's tail)
     */
    static NodeProcess start(
            Path jar, Path dataDir, int difficulty, Path log, List<String> jvmOptions, List<String> extraArgs) {
        return start(jar, dataDir, difficulty, log, jvmOptions, extraArgs, 0);
    }

    /**
     * As {@link #start(Path, Path, int, Path, List, List)} on a given HTTP port (0 = a free one),
     * for nodes whose address the others must know before they start (a cluster's peers).
     */
    static NodeProcess start(
            Path jar,
            Path dataDir,
            int difficulty,
            Path log,
            List<String> jvmOptions,
            List<String> extraArgs,
            int fixedPort) {
        for (int attempt = 1; ; attempt++) {
            int port = fixedPort > 0 ? fixedPort : freePort();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of(
                    "-jar",
                    jar.toString(),
                    "--server.port=" + port,
                    "--consensus.data-dir=" + dataDir,
                    "--consensus.difficulty=" + difficulty,
                    "--spring.main.banner-mode=off"));
            command.addAll(extraArgs);
            Process process;
            try {
                Files.createDirectories(log.getParent());
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command, e);
            }
            NodeProcess node = new NodeProcess(process, port, log);
            if (node.awaitReady()) {
                return node;
            }
            String tail = node.logTail();
            if (fixedPort == 0 && attempt < 3 && tail.contains("already in use")) {
                continue;
            }
            throw new IllegalStateException("node exited with status " + process.exitValue() + " before it was ready: "
                    + String.join(" ", command) + "\nlog " + log + ":\n" + tail);
        }
    }

    /** Polls the status endpoint; false if the process exited first. */
    private boolean awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                if (client.get("/decentralized/status").status() == 200) {
                    return true;
                }
            } catch (IllegalStateException notListeningYet) {
                // connection refused until Tomcat is up
            }
            sleep(100);
        }
        kill();
        throw new IllegalStateException("node not ready after " + READY_TIMEOUT + "; log " + log + ":\n" + logTail());
    }

    /** Reads (GET) with the shared test client. */
    NodeClient client() {
        return client;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Ends the process with SIGKILL and waits until it is gone (so its files are closed and its
     * locks released before the next start). On Linux, {@link Process#destroyForcibly()} is
     * {@code kill(pid, SIGKILL)}; the caller checks the exit status equals
     * {@link #SIGKILL_EXIT_STATUS} to prove it.
     *
     * @return the process's exit status
     */
    int kill() {
        process.destroyForcibly();
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for node " + process.pid() + " to die", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    /** A write's answer: HTTP status and body (parsed as JSON when it is JSON). */
    record Reply(int status, String raw, JsonNode json) {}

    /**
     * POSTs a JSON body over a plain socket (HTTP/1.0, so the node closes the connection after a
     * complete answer) and calls {@code onSent} once the whole request has been written and flushed,
     * before the answer is read: from then on the node may have acted on it.
     *
     * @throws ConnectException  when the node does not accept the connection (nothing was sent)
     * @throws IOException       when the connection breaks before a complete answer arrived
     */
    Reply post(String path, String jsonBody, Runnable onSent) throws IOException {
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            } catch (IOException e) {
                throw new ConnectException("cannot connect to node on port " + port + ": " + e.getMessage(), e);
            }
            socket.setSoTimeout(WRITE_ANSWER_TIMEOUT_MILLIS);
            byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nAccept: application/json, application/problem+json"
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            onSent.run();
            InputStream in = socket.getInputStream();
            return parse(in.readAllBytes());
        }
    }

    /** The connection was refused: the request never reached the node. */
    static final class ConnectException extends IOException {

        private static final long serialVersionUID = 1L;

        ConnectException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static Reply parse(byte[] response) throws IOException {
        String text = new String(response, StandardCharsets.UTF_8);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/") || headerEnd < 0) {
            throw new IOException("connection closed before a complete answer (" + response.length + " bytes)");
        }
        String[] statusLine = text.substring(0, text.indexOf("\r\n")).split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        String headers = text.substring(0, headerEnd).toLowerCase(Locale.ROOT);
        String body = text.substring(headerEnd + 4);
        int lengthAt = headers.indexOf("\r\ncontent-length:");
        if (lengthAt >= 0) {
            int end = headers.indexOf("\r\n", lengthAt + 2);
            long expected = Long.parseLong(headers.substring(lengthAt + 17, end < 0 ? headers.length() : end)
                    .trim());
            if (body.getBytes(StandardCharsets.UTF_8).length != expected) {
                throw new IOException("answer cut short: " + body.length() + " of " + expected + " bytes");
            }
        }
        JsonNode json = null;
        if (headers.contains("content-type: application/json") || headers.contains("problem+json")) {
            try {
                json = JSON.readTree(body);
            } catch (RuntimeException e) {
                throw new IOException("answer is not complete JSON: " + body, e);
            }
        }
        return new Reply(status, body, json);
    }

    /** The last lines of the node's log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
