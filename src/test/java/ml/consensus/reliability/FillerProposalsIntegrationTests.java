package ml.consensus.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, item 8: under block-count expiry, filler proposals (each one block) expired a victim's
 * proposal. The victim proposes from 127.0.0.1; the attacker sends 30 proposals from 127.0.0.2
 * (another loopback address, as another host would); past the per-address quota each is a 429
 * problem, and the victim's proposal is still open and can be applied.
 */
class FillerProposalsIntegrationTests extends NodeIntegrationTest {

    private static final int EXPIRY_BLOCKS = 20;

    @DynamicPropertySource
    static void blockExpiry(DynamicPropertyRegistry registry) {
        registry.add("consensus.proposal-expiry-blocks", () -> EXPIRY_BLOCKS);
    }

    @LocalServerPort
    private int port;

    /** A POST from {@code localAddress}, over a socket bound to it; the status and body. */
    private int postFrom(byte[] localAddress, String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(
                InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port, InetAddress.getByAddress(localAddress), 0)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                            + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            if (text.startsWith("HTTP/1.1 429")) {
                assertThat(text).contains("application/problem+json").contains("too_many_proposals");
            }
            return Integer.parseInt(text.substring(9, 12));
        }
    }

    @Test
    void shouldNotLetOneAddressExpireAnotherProposalWithFillers() throws IOException {
        String victim = propose(List.of("the victim's careful batch on fever"), 0.05);
        int accepted = 0;
        int limited = 0;
        for (int i = 0; i < 30; i++) {
            int status = postFrom(
                    new byte[] {127, 0, 0, 2},
                    "/decentralized/propose-training",
                    NodeClient.json(Map.of("texts", List.of("filler number " + i), "learning_rate", 0.05)));
            if (status == 200) {
                accepted++;
            } else {
                assertThat(status).isEqualTo(429);
                limited++;
            }
        }
        assertThat(accepted).isEqualTo(8);
        assertThat(limited).isEqualTo(22);

        Answer state = node.get("/decentralized/proposals/" + victim);
        assertThat(state.text("state")).as(state.raw()).isNotEqualTo("expired");
        assertThat(approve(victim, "validator-alice").status()).isEqualTo(200);
        Answer applied = apply(victim);
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
    }
}
