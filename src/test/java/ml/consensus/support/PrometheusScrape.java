package ml.consensus.support;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a node's Prometheus scrape, for tests that check how far a counter moved. */
public final class PrometheusScrape {

    private PrometheusScrape() {}

    /** Every sample of {@code GET /actuator/prometheus}, keyed by name and labels as written. */
    public static Map<String, Double> scrape(NodeClient node) {
        NodeClient.Answer answer = node.get("/actuator/prometheus");
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/plain");
        Map<String, Double> samples = new HashMap<>();
        answer.raw()
                .lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> {
                    int split = line.lastIndexOf(' ');
                    samples.put(line.substring(0, split), Double.parseDouble(line.substring(split + 1)));
                });
        return samples;
    }

    /** How far {@code series} moved between two scrapes; it must be in the later one. */
    public static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as("scrape has %s", series).containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }
}
