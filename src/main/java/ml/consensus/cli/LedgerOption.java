package ml.consensus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.Sha256;
import ml.consensus.validator.LedgerBinding;

/**
 * The ledger a command signs for: {@code --ledger LEDGER_ID} (64 hex), {@code --node URL} (read
 * {@code ledger_id} from that node's {@code /decentralized/status}) or {@code --legacy} (a ledger
 * without identity, format v1). Exactly one is required: a signature names its ledger, so the
 * tool never guesses.
 */
final class LedgerOption {

    private LedgerOption() {}

    static LedgerBinding binding(CommandOptions options) {
        int given =
                (options.has("--ledger") ? 1 : 0) + (options.has("--node") ? 1 : 0) + (options.has("--legacy") ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("give exactly one of --ledger LEDGER_ID (the ledger_id of"
                    + " /decentralized/status), --node URL or --legacy (a ledger whose ledger_id is null)");
        }
        if (options.has("--legacy")) {
            return LedgerBinding.LEGACY;
        }
        String id = options.optional("--ledger").orElseGet(() -> fetchLedgerId(options.required("--node")));
        if (!Sha256.isHex(id)) {
            throw new IllegalArgumentException("--ledger must be 64 lower-case hex characters, got '" + id + "'");
        }
        return LedgerBinding.of(Sha256.fromHex(id));
    }

    private static String fetchLedgerId(String node) {
        String url = node.replaceAll("/+$", "") + "/decentralized/status";
        JsonNode status;
        try {
            HttpResponse<String> response = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(30))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(url + " answered HTTP " + response.statusCode());
            }
            status = CanonicalJson.parse(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while fetching " + url, e));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot fetch " + url + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    e);
        }
        JsonNode id = status.get("ledger_id");
        if (id == null || !id.isString()) {
            throw new IllegalArgumentException(url + " shows no ledger_id: a legacy ledger, sign with --legacy");
        }
        return id.asString();
    }
}
