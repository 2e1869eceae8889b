package ml.consensus.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestValidatorSet;
import ml.consensus.validator.VoteMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /decentralized/proposals} lists training and governance proposals together in chain
 * order (block, then position in the block), each as {@code GET /decentralized/proposals/{hash}}
 * shows it, filtered by {@code kind} and paged across both kinds; an unknown kind is a 400 problem.
 * A node with a signed 2-of-3 validator set, since governance needs one.
 */
class ProposalListingIntegrationTests extends NodeIntegrationTest {

    private static final TestValidatorSet VALIDATORS =
            TestValidatorSet.generate(2, List.of("validator-alice", "validator-bob", "validator-carol"));
    private static final Path SET_FILE = VALIDATORS.file();

    /** The ledger's proposals, written once for the class: the node outlives each test. */
    private static boolean written;

    @DynamicPropertySource
    static void validatorSet(DynamicPropertyRegistry registry) {
        registry.add("consensus.validator-set-file", SET_FILE::toString);
    }

    /**
     * Training and governance proposals, one after the other and then several at once (so that
     * some share a block and are ordered by their position in it); one governance change applied.
     */
    @BeforeEach
    void writeProposals() {
        if (written) {
            return;
        }
        propose(List.of("listing starts with a training batch"), 0.02);
        String weight = proposeGovernance(Map.of("action", "set_weight", "validator_id", "validator-bob", "weight", 2));
        assertThat(signedApproval(weight, "validator-alice").status()).isEqualTo(200);
        assertThat(signedApproval(weight, "validator-carol").status()).isEqualTo(200);
        Answer applied = node.post("/decentralized/apply-governance", NodeClient.json(Map.of("proposal_hash", weight)));
        assertThat(applied.status()).as(applied.raw()).isEqualTo(200);
        propose(List.of("then another training batch"), 0.02);

        // Several at once, until some share a block (the batcher groups writes that arrive while it mines).
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5 && !someBlockHoldsTwoProposals(); round++) {
                proposeTogether(clients, round);
            }
        } finally {
            clients.shutdownNow();
        }
        written = true;
    }

    /** Four training and four governance proposals, sent at the same time. */
    private void proposeTogether(ExecutorService clients, int round) {
        List<CompletableFuture<Answer>> together = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String texts =
                    NodeClient.json(Map.of("texts", List.of("round " + round + " batch " + i), "learning_rate", 0.02));
            String change = NodeClient.json(
                    Map.of("action", "set_weight", "validator_id", "validator-carol", "weight", 3 + 4 * round + i));
            together.add(
                    CompletableFuture.supplyAsync(() -> node.post("/decentralized/propose-training", texts), clients));
            together.add(CompletableFuture.supplyAsync(
                    () -> node.post("/decentralized/propose-governance", change), clients));
        }
        together.stream()
                .map(CompletableFuture::join)
                .forEach(answer -> assertThat(answer.status()).as(answer.raw()).isEqualTo(200));
    }

    private boolean someBlockHoldsTwoProposals() {
        List<Listed> onLedger = proposalRecords(null);
        return onLedger.stream().map(Listed::block).distinct().count() < onLedger.size();
    }

    private String proposeGovernance(Map<String, Object> change) {
        Answer answer = node.post("/decentralized/propose-governance", NodeClient.json(change));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.text("proposal", "proposal_hash");
    }

    private Answer signedApproval(String proposal, String validator) {
        String signature = VALIDATORS.signVote(ledger(), VoteMessage.APPROVE, proposal, validator);
        return node.post(
                "/decentralized/approve-proposal",
                NodeClient.json(Map.of("proposal_hash", proposal, "validator_id", validator, "signature", signature)));
    }

    /** A proposal record of the ledger: its hash, kind, block and position. */
    private record Listed(String hash, String kind, long block, long position) {}

    /** Every proposal record in chain order, read from the ledger's history, optionally of one kind. */
    private List<Listed> proposalRecords(String kind) {
        JsonNode records = node.get("/blockchain-history?size=1000").json().get("records");
        List<Listed> listed = new ArrayList<>();
        for (JsonNode record : records) {
            String type = record.get("type").asString();
            String recordKind = switch (type) {
                case "training_proposal" -> "training";
                case "governance_proposal" -> "governance";
                default -> null;
            };
            if (recordKind != null && (kind == null || kind.equals(recordKind))) {
                listed.add(new Listed(
                        record.get("proposal_hash").asString(),
                        recordKind,
                        record.get("block_index").asLong(),
                        record.get("position").asLong()));
            }
        }
        return listed;
    }

    private static List<String> hashes(List<Listed> listed) {
        return listed.stream().map(Listed::hash).toList();
    }

    private static List<String> hashes(JsonNode proposals) {
        List<String> hashes = new ArrayList<>();
        proposals.forEach(p -> hashes.add(p.get("proposal_hash").asString()));
        return hashes;
    }

    private Answer list(String query) {
        Answer answer = node.get("/decentralized/proposals" + query);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer;
    }

    @Test
    void shouldListTrainingAndGovernanceProposalsInChainOrder() {
        List<Listed> onLedger = proposalRecords(null);
        assertThat(onLedger).extracting(Listed::kind).contains("training", "governance");
        // Some proposals share a block: there the order is the record position.
        assertThat(someBlockHoldsTwoProposals()).isTrue();

        Answer answer = list("");

        JsonNode proposals = answer.json().get("proposals");
        assertThat(hashes(proposals)).containsExactlyElementsOf(hashes(onLedger));
        assertThat(answer.number("count")).isEqualTo(onLedger.size());
        assertThat(answer.number("total_proposals")).isEqualTo(onLedger.size());
        for (int i = 0; i < onLedger.size(); i++) {
            JsonNode item = proposals.get(i);
            assertThat(item.get("kind").asString()).isEqualTo(onLedger.get(i).kind());
            assertThat(item.get("proposed_in_block").asLong())
                    .isEqualTo(onLedger.get(i).block());
        }
    }

    @Test
    void shouldShowEachProposalAsItsOwnViewShowsIt() {
        for (JsonNode item : list("").json().get("proposals")) {
            String hash = item.get("proposal_hash").asString();
            ObjectNode single =
                    (ObjectNode) node.get("/decentralized/proposals/" + hash).json();
            // The trial training of an open training proposal is computed for the single view only.
            single.remove("dry_run");
            assertThat(item).as(hash).isEqualTo(single);
        }
        JsonNode applied = list("?kind=governance").json().get("proposals").get(0);
        assertThat(applied.get("state").asString()).isEqualTo("applied");
        assertThat(applied.get("applied_in_block").isNumber()).isTrue();
        assertThat(applied.get("proposal").get("action").asString()).isEqualTo("set_weight");
        assertThat(applied.get("proposal").has("texts")).isFalse();
    }

    @Test
    void shouldFilterByKind() {
        for (String kind : List.of("training", "governance")) {
            List<Listed> onLedger = proposalRecords(kind);
            assertThat(onLedger).as(kind).hasSizeGreaterThanOrEqualTo(3);

            Answer answer = list("?kind=" + kind);

            assertThat(hashes(answer.json().get("proposals"))).as(kind).containsExactlyElementsOf(hashes(onLedger));
            answer.json()
                    .get("proposals")
                    .forEach(p -> assertThat(p.get("kind").asString()).isEqualTo(kind));
            assertThat(answer.number("total_proposals")).as(kind).isEqualTo(onLedger.size());
        }
        assertThat(list("?kind=training").number("total_proposals"))
                .isEqualTo(node.get("/decentralized/status").number("decentralized_stats", "total_proposals"));
    }

    @Test
    void shouldPageAcrossBothKinds() {
        List<String> all = hashes(proposalRecords(null));
        for (int size : List.of(1, 2, 3, 5)) {
            List<String> paged = new ArrayList<>();
            for (int page = 0; page * size < all.size(); page++) {
                Answer answer = list("?page=" + page + "&size=" + size);
                assertThat(answer.number("page")).isEqualTo(page);
                assertThat(answer.number("size")).isEqualTo(size);
                assertThat(answer.number("count"))
                        .as("page %d of %d in %s: %s", page, size, all, answer.raw())
                        .isEqualTo(Math.min(size, all.size() - (long) page * size));
                paged.addAll(hashes(answer.json().get("proposals")));
            }
            assertThat(paged).as("pages of %d", size).containsExactlyElementsOf(all);
            int beyond = (all.size() + size - 1) / size;
            assertThat(list("?page=" + beyond + "&size=" + size).json().get("proposals"))
                    .isEmpty();
        }
        List<String> governance = hashes(proposalRecords("governance"));
        assertThat(hashes(list("?kind=governance&page=1&size=2").json().get("proposals")))
                .containsExactlyElementsOf(governance.subList(2, Math.min(4, governance.size())));
    }

    @Test
    void shouldRefuseAnUnknownKindWithAProblemAndChangeNothing() {
        LedgerSnapshot before = snapshot();
        for (String kind : List.of("votes", "Training", "training_proposal", "", "training,governance")) {
            Answer answer = node.get("/decentralized/proposals?kind=" + kind);

            assertThat(answer.status()).as("kind=%s: %s", kind, answer.raw()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.text("reason")).isEqualTo("invalid");
            assertThat(answer.text("detail"))
                    .contains("unknown proposal kind '" + kind + "'")
                    .contains("training", "governance");
        }
        assertThat(snapshot()).isEqualTo(before);
    }
}
