package ml.consensus.replication;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.VoteKind;
import ml.consensus.storage.Ledger;
import ml.consensus.storage.ReplicatedLogPosition;
import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;
import ml.consensus.support.TestValidatorSet;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.LedgerBinding;
import ml.consensus.validator.VoteMessage;
import ml.consensus.validator.VoteSignature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A node in cluster mode (here the one member of its cluster, so it leads; it declares its
 * configured approval policy through the log once it leads) handed a forged block
 * through its replicated log: a vote that carries Alice's id and key but Bob's signature, mined
 * with valid proof of work on the real head. The node re-checks the block before storing it,
 * refuses it, stores nothing, halts, says why in health and status, and refuses writes.
 */
class ForgedBlockIntegrationTests extends NodeIntegrationTest {

    private static final List<String> IDS = List.of("validator-alice", "validator-bob", "validator-carol");
    private static final TestValidatorSet KEYS = TestValidatorSet.generate(2, IDS);

    @DynamicPropertySource
    static void oneNodeCluster(DynamicPropertyRegistry registry) throws Exception {
        int raftPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            raftPort = socket.getLocalPort();
        }
        registry.add("consensus.validator-set-file", () -> KEYS.file().toString());
        // Declared on the new ledger by the node once it leads, through its log.
        registry.add("consensus.approval-policy", () -> "Count(2)");
        registry.add("consensus.cluster.node-id", () -> "n1");
        registry.add("consensus.cluster.peers", () -> "n1@127.0.0.1:" + raftPort + "@http://127.0.0.1:1");
        registry.add("consensus.cluster.election-min", () -> "300ms");
        registry.add("consensus.cluster.election-max", () -> "600ms");
    }

    @Autowired
    private ClusterNode cluster;

    @Autowired
    private Ledger ledger;

    @Autowired
    private ReplicatedLogPosition position;

    @Test
    void shouldRefuseAForgedBlockStoreNothingAndHalt() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.log().isLeader());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> node.get("/decentralized/status")
                        .json()
                        .get("approval_policy")
                        .get("declared_in_block")
                        .isNumber());
        assertThat(node.get("/decentralized/status").text("approval_policy", "policy"))
                .isEqualTo("Count(2)");
        Answer proposed = node.post(
                "/decentralized/propose-training", NodeClient.json(Map.of("texts", List.of("a fever and a cough"))));
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(200);
        Sha256 proposal = Sha256.fromHex(proposed.text("proposal", "proposal_hash"));
        Block head = ledger.head();
        long appliedBefore = position.lastApplied();
        assertThat(appliedBefore).as("the proposal came through the log").isPositive();

        Block forged = ledger.mine(head.index(), head.hash(), List.of(voteSignedByTheWrongKey(proposal)))
                .block();
        var appended = cluster.log().append(BlockEntry.encode(forged));
        assertThatThrownBy(() -> appended.get(30, TimeUnit.SECONDS)).hasMessageContaining("vote_signature");

        assertThat(ledger.chainLength()).as("the forged block is not stored").isEqualTo(head.index() + 1);
        assertThat(position.lastApplied()).isEqualTo(appliedBefore);
        assertThat(cluster.log().halted()).isPresent();

        Answer health = node.get("/actuator/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.text("status")).isEqualTo("DOWN");
        assertThat(health.text("components", "cluster", "status")).isEqualTo("DOWN");
        assertThat(health.text("components", "cluster", "details", "reason"))
                .contains("block " + forged.index())
                .contains("vote_signature");
        Answer status = node.get("/decentralized/status");
        assertThat(status.json().get("blockchain").get("is_valid").asBoolean()).isFalse();
        assertThat(status.text("blockchain", "invalid_reason")).contains("signature");

        Answer refused = node.post(
                "/decentralized/propose-training", NodeClient.json(Map.of("texts", List.of("after the halt"))));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
        assertThat(ledger.chainLength()).isEqualTo(head.index() + 1);
    }

    /** Alice's vote with Alice's public key, signed with Bob's private key. */
    private static LedgerRecord voteSignedByTheWrongKey(Sha256 proposal) {
        String alice = "validator-alice";
        byte[] signature = Ed25519.sign(
                KEYS.privateKeys().get("validator-bob"),
                VoteMessage.bytes(LedgerBinding.LEGACY, VoteKind.APPROVE.wireName(), proposal.hex(), alice));
        String alicesKey =
                HexFormat.of().formatHex(Ed25519.publicKeyOf(KEYS.privateKeys().get(alice)));
        return ConsensusRecords.vote(
                VoteKind.APPROVE,
                proposal,
                alice,
                "2026-12-04T12:00:01Z",
                Optional.of(new VoteSignature(HexFormat.of().formatHex(signature), alicesKey)));
    }
}
