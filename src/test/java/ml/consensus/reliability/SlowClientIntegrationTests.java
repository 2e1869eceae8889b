package ml.consensus.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, item 8: slow-body connections held the node's request threads. Raw sockets send
 * a request's headers and then the body too slowly, or not at all; the node must end each such
 * request within its timeouts (5 s of silence, 10 s for a whole body) and keep serving others.
 */
class SlowClientIntegrationTests extends NodeIntegrationTest {

    private static final String BODY = "{\"texts\": [\"I have a fever\"], \"learning_rate\": 0.05}";

    @LocalServerPort
    private int port;

    private Socket startRequest(String partialBody) throws IOException {
        Socket socket = new Socket("localhost", port);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /decentralized/propose-training HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n"
                        + partialBody)
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** What the node sends back before closing or within the socket timeout: its status line, or "" if it just closed. */
    private static String answer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        StringBuilder text = new StringBuilder();
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                if (text.indexOf("\r\n\r\n") >= 0) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            return "no answer within " + socket.getSoTimeout() + " ms";
        } catch (IOException reset) {
            // A reset is an ending too.
        }
        int end = text.indexOf("\r\n");
        return end < 0 ? text.toString() : text.substring(0, end);
    }

    @Test
    void shouldEndABodyThatStopsArrivingWithinTheConnectionTimeout() throws Exception {
        long started = System.nanoTime();
        try (Socket socket = startRequest(BODY.substring(0, 10))) {
            String status = answer(socket);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(status).doesNotStartWith("no answer");
            assertThat(seconds).as("seconds until the node ended the request").isLessThan(12);
        }
    }

    @Test
    void shouldAnswer408ToABodyTrickledInPastTheDeadline() throws Exception {
        long started = System.nanoTime();
        try (Socket socket = startRequest("")) {
            OutputStream out = socket.getOutputStream();
            Thread trickle = new Thread(() -> {
                try {
                    for (int i = 0; i < BODY.length() - 1; i++) {
                        out.write(BODY.charAt(i));
                        out.flush();
                        Thread.sleep(400);
                    }
                } catch (IOException | InterruptedException closed) {
                    // the node gave up on us, as it should
                }
            });
            trickle.setDaemon(true);
            trickle.start();
            String status = answer(socket);
            double seconds = (System.nanoTime() - started) / 1e9;
            trickle.interrupt();
            assertThat(status).doesNotStartWith("no answer");
            if (!status.isEmpty()) {
                assertThat(status).contains("408");
            }
            assertThat(seconds).as("seconds until the node ended the trickle").isBetween(9.0, 16.0);
        }
    }

    @Test
    void shouldServeOthersWhile200SlowBodiesAreOpen() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                slow.add(startRequest(BODY.substring(0, 5)));
            }
            long started = System.nanoTime();
            Answer status = node.get("/decentralized/status");
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(status.status()).isEqualTo(200);
            assertThat(seconds)
                    .as("seconds to serve a read past 200 slow bodies")
                    .isLessThan(15);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }
}
