package ml.consensus.storage;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import ml.consensus.NodeProperties;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.StoredRecord;
import ml.consensus.model.BaseModel;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.ProposalContent;
import ml.consensus.rules.TestChain;
import ml.consensus.rules.VoteKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The storage's hand-written SQL against the real schema (the Flyway migrations) in a JPA slice:
 * the union-all page over several record types, the look-ups by unique key, the per-proposal
 * counts and the prefix search. No web layer, no node; each test runs in a transaction that is
 * rolled back, on a ledger of genesis plus a few blocks written through {@link Ledger#append}.
 */
@DataJpaTest
@Import(Ledger.class)
@EnableConfigurationProperties(NodeProperties.class)
@TestPropertySource(properties = "consensus.difficulty=0")
class LedgerSqlTests {

    @Autowired
    private Ledger ledger;

    private final List<Sha256> proposals = new ArrayList<>();

    private Block append(LedgerRecord... records) {
        Block head = ledger.head();
        return ledger.append(head.index(), head.hash(), List.of(records)).block();
    }

    private Sha256 propose(String text) {
        ProposalContent content =
                new ProposalContent(List.of(text), 0.05, 0, BaseModel.create().hash(), "2026-11-25T12:00:00Z", false);
        append(ConsensusRecords.proposal(content.hash(), content));
        proposals.add(content.hash());
        return content.hash();
    }

    /** Genesis; proposals p0..p4 one block each; then alice and bob approve p0, carol rejects p1, p0 applied. */
    @BeforeEach
    void writeLedger() {
        ledger.initialise(ConsensusRecords.genesis(BaseModel.create()));
        for (int i = 0; i < 5; i++) {
            propose("fever number " + i);
        }
        append(
                TestChain.vote(VoteKind.APPROVE, proposals.get(0), "validator-alice"),
                TestChain.vote(VoteKind.APPROVE, proposals.get(0), "validator-bob"),
                TestChain.vote(VoteKind.REJECT, proposals.get(1), "validator-carol"));
        append(TestChain.applied(proposals.get(0), "Count(2)", "validator-alice", "validator-bob"));
    }

    @Test
    void shouldPageSeveralRecordTypesTogetherInChainOrderWithoutGapsOrRepeats() {
        EnumSet<RecordType> types = EnumSet.of(RecordType.TRAINING_PROPOSAL, RecordType.VALIDATOR_APPROVAL);
        List<StoredRecord> all = ledger.records(types, 0, 100);
        List<StoredRecord> paged = new ArrayList<>();
        for (int page = 0; page < 4; page++) {
            paged.addAll(ledger.records(types, page, 2));
        }

        assertThat(all)
                .hasSize(7)
                .allSatisfy(r -> assertThat(types).contains(r.record().type()));
        assertThat(all).extracting(r -> r.blockIndex() * 1000 + r.position()).isSorted();
        assertThat(paged).isEqualTo(all);
        assertThat(ledger.records(types, 4, 2)).isEmpty();
        assertThat(ledger.records(types, 1_000_000, 2)).isEmpty();
    }

    @Test
    void shouldFindAProposalItsVoteAndItsApplyByUniqueKey() {
        Sha256 applied = proposals.get(0);

        assertThat(ledger.proposalRecord(applied))
                .get()
                .extracting(r -> r.record().type())
                .isEqualTo(RecordType.TRAINING_PROPOSAL);
        assertThat(ledger.voteRecord(applied, "validator-bob"))
                .get()
                .extracting(StoredRecord::position)
                .isEqualTo(1);
        assertThat(ledger.applyRecord(applied))
                .get()
                .extracting(StoredRecord::blockIndex)
                .isEqualTo(ledger.head().index());
        assertThat(ledger.voteRecord(applied, "validator-carol")).isEmpty();
        assertThat(ledger.applyRecord(proposals.get(1))).isEmpty();
        assertThat(ledger.proposalRecord(Sha256.digest(new byte[] {9}))).isEmpty();
    }

    @Test
    void shouldCountEachProposalsVotesAndFindItsApply() {
        assertThat(ledger.countsAbout(proposals.get(0)))
                .isEqualTo(new ProposalCounts(
                        2, 0, 0, OptionalLong.of(ledger.head().index())));
        assertThat(ledger.countsAbout(proposals.get(1))).isEqualTo(new ProposalCounts(0, 1, 0, OptionalLong.empty()));
        assertThat(ledger.countsAbout(proposals.get(2))).isEqualTo(ProposalCounts.NONE);
    }

    @Test
    void shouldFindProposalsByHashPrefixAndRefuseAPrefixThatWouldBeAWildcard() {
        Sha256 p3 = proposals.get(3);

        assertThat(ledger.proposalHashesStartingWith(p3.hex().substring(0, 8), 2))
                .containsExactly(p3.hex());
        assertThat(ledger.proposalHashesStartingWith("", 10)).hasSize(5).isSorted();
        assertThat(ledger.proposalHashesStartingWith("", 2)).hasSize(2);
        // LIKE's own wildcards would match every proposal: anything but hex is refused before the SQL.
        assertThatThrownBy(() -> ledger.proposalHashesStartingWith("_", 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.proposalHashesStartingWith("ab%", 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Read in the transaction that wrote the blocks: a cached count entity once answered 1 here. */
    @Test
    void shouldKeepTheRecordCountsTheChainHolds() {
        assertThat(ledger.totalRecords()).isEqualTo(1 + 5 + 3 + 1);
        assertThat(ledger.countRecords(RecordType.TRAINING_PROPOSAL)).isEqualTo(5);
        assertThat(ledger.countRecords(RecordType.VALIDATOR_APPROVAL)).isEqualTo(2);
        assertThat(ledger.countRecords(RecordType.MODEL_UPDATE_APPROVED)).isEqualTo(1);
        assertThat(ledger.chainLength()).isEqualTo(8);
    }
}
