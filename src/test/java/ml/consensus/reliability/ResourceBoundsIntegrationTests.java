package ml.consensus.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, item 2, the ways to the OutOfMemoryError: open-mode batches of made-up words growing
 * the vocabulary without bound, and many concurrent reads of an open proposal each training a
 * model copy for its dry run.
 */
class ResourceBoundsIntegrationTests extends NodeIntegrationTest {

    @Test
    void shouldRefuseABatchOfTooManyNewWords() {
        LedgerSnapshot before = snapshot();
        List<String> texts = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 200; w++) {
                text.append("zq").append(Integer.toString(t * 200 + w, 36)).append(' ');
            }
            texts.add(text.toString());
        }
        Answer answer = node.post(
                "/decentralized/propose-training", NodeClient.json(Map.of("texts", texts, "learning_rate", 0.05)));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.text("detail")).contains("6000 new words").contains("at most 5000");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void shouldServe64ConcurrentReadsOfAnOpenProposal() throws Exception {
        String hash = propose(List.of("persistent dry cough at night", "wheezing and shortness of breath"), 0.05);
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            List<Future<Answer>> reads = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                reads.add(pool.submit(() -> node.get("/decentralized/proposals/" + hash)));
            }
            for (Future<Answer> read : reads) {
                Answer answer = read.get(60, TimeUnit.SECONDS);
                assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        Answer again = node.get("/decentralized/proposals/" + hash);
        assertThat(again.json().has("dry_run"))
                .as("cached trial served: %s", again.raw())
                .isTrue();
    }
}
