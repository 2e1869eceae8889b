package ml.consensus.api;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import ml.consensus.NodeProperties;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.BlockHeader;
import ml.consensus.model.BaseModel;
import ml.consensus.node.NodeStatus;
import ml.consensus.node.NodeStatusReader;
import ml.consensus.operations.RefusalMetrics;
import ml.consensus.proposal.ConsensusService;
import ml.consensus.proposal.ConsensusService.Proposed;
import ml.consensus.proposal.DryRun;
import ml.consensus.proposal.ProposalBook;
import ml.consensus.proposal.ProposalWithdrawals;
import ml.consensus.refusal.Refusal;
import ml.consensus.rules.ApprovalPolicy;
import ml.consensus.rules.ProposalContent;
import ml.consensus.rules.VoteKind;
import ml.consensus.storage.Ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The seed's endpoints in a web slice: HTTP in, one service call, JSON or a problem out. The
 * services are mocks, so each test pins the controller's and the problem handler's part alone: the
 * snake_case shape, what a refusal becomes, and that a body the strict binding refuses never
 * reaches a service.
 */
@WebMvcTest(DecentralizedController.class)
@Import(StrictJsonConfiguration.class)
@EnableConfigurationProperties(NodeProperties.class)
// Collaborators these tests never call, there only so the slice can be built.
@MockitoBean(types = {ProposalBook.class, ProposalWithdrawals.class, DryRun.class, RefusalMetrics.class})
class DecentralizedControllerTests {

    private static final Sha256 HASH = Sha256.digest(new byte[] {42});

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private ConsensusService consensus;

    @MockitoBean
    private NodeStatusReader statusReader;

    @MockitoBean
    private Ledger ledger;

    private static NodeStatus status(boolean valid, String checkedAt, long checkedBlocks, long chainLength) {
        return new NodeStatus(
                chainLength,
                chainLength,
                "00" + "ab".repeat(31),
                16,
                valid,
                checkedAt,
                checkedBlocks,
                valid ? null : "block 3: record hash differs",
                BaseModel.create(),
                1,
                1,
                0,
                0,
                0,
                new ApprovalPolicy(1, 1),
                true,
                false,
                -1,
                null);
    }

    @Test
    void shouldSayWhenTheLedgerWasCheckedAndHowManyBlocksCameSince() {
        given(statusReader.status()).willReturn(status(true, "2026-11-25T12:00:00Z", 5, 8));

        assertThat(mvc.get().uri("/decentralized/status"))
                .hasStatusOk()
                .bodyJson()
                .satisfies(json -> {
                    assertThat(json).extractingPath("$.blockchain.is_valid").isEqualTo(true);
                    assertThat(json).extractingPath("$.blockchain.checked_at").isEqualTo("2026-11-25T12:00:00Z");
                    assertThat(json).extractingPath("$.blockchain.verified_at").isEqualTo("2026-11-25T12:00:00Z");
                    assertThat(json)
                            .extractingPath("$.blockchain.checked_blocks")
                            .isEqualTo(5);
                    assertThat(json)
                            .extractingPath("$.blockchain.unchecked_blocks")
                            .isEqualTo(3);
                });
    }

    @Test
    void shouldProposeWithTheBodysValuesAndAnswerInTheSeedsShape() {
        ProposalContent content = new ProposalContent(
                List.of("I have a fever"), 0.01, 0, BaseModel.create().hash(), "2026-11-25T12:00:00Z", false);
        BlockHeader header = new BlockHeader(4, "2026-11-25T12:00:00Z", Sha256.ZERO, HASH, 16, 7);
        given(consensus.propose(List.of("I have a fever"), 0.01, null, null))
                .willReturn(new Proposed(HASH, content, new Block(header, header.hash(), List.of())));
        given(ledger.totalRecords()).willReturn(9L);

        assertThat(mvc.post()
                        .uri("/decentralized/propose-training")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"texts\":[\"I have a fever\"],\"learning_rate\":0.01}"))
                .hasStatusOk()
                .bodyJson()
                .satisfies(json -> {
                    assertThat(json).extractingPath("$.status").isEqualTo("success");
                    assertThat(json).extractingPath("$.proposal.status").isEqualTo("proposed");
                    assertThat(json).extractingPath("$.proposal.proposal_hash").isEqualTo(HASH.hex());
                    assertThat(json)
                            .extractingPath("$.blockchain_stats.chain_length")
                            .isEqualTo(5);
                    assertThat(json)
                            .extractingPath("$.blockchain_stats.total_records")
                            .isEqualTo(9);
                });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"texts\":[\"fever\"],\"learning_rate\":\" \"}",
                "{\"texts\":[\"fever\"],\"learning_rate\":\"NaN\"}",
                "{\"texts\":[\"fever\"],\"allow_rebase\":\"\"}",
                "{\"texts\":[\"fever\"],\"texts\":[\"cough\"]}",
                "{\"texts\":[\"fever\"]} {}",
                "{\"texts\":[\"fever\"],\"learningRate\":0.01}"
            })
    void shouldRefuseAMalformedBodyBeforeAnyServiceSeesIt(String body) {
        MvcTestResult result = mvc.post()
                .uri("/decentralized/propose-training")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .exchange();

        assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Malformed request body");
        verifyNoInteractions(consensus);
    }

    @Test
    void shouldRefuseJsonInAnotherCharsetWith415() {
        MvcTestResult result = mvc.post()
                .uri("/decentralized/propose-training")
                .contentType("application/json;charset=ISO-8859-1")
                .content("{\"texts\":[\"fever\"]}")
                .exchange();

        assertThat(result).hasStatus(415).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.reason").isEqualTo("unsupported_charset");
        verifyNoInteractions(consensus);
    }

    @Test
    void shouldTurnARefusalIntoAProblemWithItsStatusAndDetail() {
        given(consensus.vote(anyString(), anyString(), any(VoteKind.class), any()))
                .willThrow(Refusal.notFound("no proposal with hash prefix abcdef12"));

        MvcTestResult result = mvc.post()
                .uri("/decentralized/approve-proposal")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"proposal_hash\":\"abcdef12\",\"validator_id\":\"validator-alice\"}")
                .exchange();

        assertThat(result).hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().satisfies(json -> {
            assertThat(json).extractingPath("$.status").isEqualTo(404);
            assertThat(json).extractingPath("$.reason").isEqualTo("not_found");
            assertThat(json).extractingPath("$.detail").isEqualTo("no proposal with hash prefix abcdef12");
        });
        verify(consensus).vote("abcdef12", "validator-alice", VoteKind.APPROVE, null);
    }

    @Test
    void shouldAnswerAnUnexpectedFailureWithA500ProblemThatSaysNothingWasWritten() {
        given(consensus.vote(anyString(), anyString(), any(VoteKind.class), any()))
                .willThrow(new IllegalStateException("boom"));

        MvcTestResult result = mvc.post()
                .uri("/decentralized/reject-proposal")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"proposal_hash\":\"abcdef12\",\"validator_id\":\"validator-alice\"}")
                .exchange();

        assertThat(result).hasStatus(500).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("not on the ledger");
    }
}
