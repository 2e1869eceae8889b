package ml.consensus.proposal;

import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerTime;
import ml.consensus.refusal.Refusal;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.ProposalLifecycle;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.LedgerBinding;
import ml.consensus.validator.WithdrawalMessage;
import ml.consensus.writer.LedgerWriter;
import ml.consensus.writer.LiveRules;

/**
 * A proposer withdraws its own proposal: the proposal must carry a {@code proposer_key}, the
 * request a signature by that key over {@link WithdrawalMessage}, and the proposal must be
 * neither applied nor already withdrawn. Written as a {@code proposal_withdrawn} record through
 * the same batcher as every write; from then on no vote or apply of it is accepted.
 */
@Service
public class ProposalWithdrawals {

    private static final Logger log = LoggerFactory.getLogger(ProposalWithdrawals.class);
    private static final Pattern SIGNATURE_HEX = Pattern.compile("[0-9a-f]{128}");

    /** A withdrawal on the ledger. */
    public record Withdrawn(Sha256 proposalHash, Block block) {}

    private final ProposalBook book;
    private final LedgerWriter batcher;
    private final Clock clock;
    private final LiveRules rules;

    ProposalWithdrawals(ProposalBook book, LedgerWriter batcher, Clock clock, LiveRules rules) {
        this.book = book;
        this.batcher = batcher;
        this.clock = clock;
        this.rules = rules;
    }

    /**
     * Withdraws the proposal matching {@code hashOrPrefix}. Refuses (401) a missing, malformed or
     * wrong signature, (409) a proposal without a proposer key, applied or already withdrawn.
     */
    public Withdrawn withdraw(String hashOrPrefix, String signatureHex) {
        return batcher.submit(view -> {
            String now = LedgerTime.now(clock);
            ProposalStatus proposal =
                    book.resolve(hashOrPrefix, view.pending(), new ProposalLifecycle.Moment(view.blockIndex(), now));
            Sha256 hash = proposal.proposalHash();
            String key = proposal.terms().proposerKey();
            if (key == null) {
                throw Refusal.conflict("proposal " + hash + " carries no proposer_key, so nobody can withdraw it");
            }
            LedgerBinding ledger = rules.binding();
            String message = WithdrawalMessage.text(ledger, hash.hex());
            if (signatureHex == null || !SIGNATURE_HEX.matcher(signatureHex).matches()) {
                throw Refusal.unauthorized("withdrawing needs signature: the proposer's Ed25519 signature over '"
                        + message + "' as 128 lower-case hex characters");
            }
            if (!Ed25519.verify(
                    HexFormat.of().parseHex(key),
                    WithdrawalMessage.bytes(ledger, hash.hex()),
                    HexFormat.of().parseHex(signatureHex))) {
                throw Refusal.unauthorized(
                        "signature does not verify with the proposal's proposer_key over '" + message + "'");
            }
            switch (proposal.state()) {
                case APPLIED ->
                    throw Refusal.conflict("proposal " + hash + " was already applied; it cannot be" + " withdrawn");
                case WITHDRAWN -> throw Refusal.conflict("proposal " + hash + " was already withdrawn");
                default -> {
                    // proposed, approved, rejected or expired: withdrawing closes it for good
                }
            }
            return new LedgerWriter.Staged<>(
                    List.of(ConsensusRecords.withdrawal(hash, key, signatureHex, now)), null, block -> {
                        log.info("proposal {} withdrawn by its proposer in block {}", hash, block.index());
                        return new Withdrawn(hash, block);
                    });
        });
    }
}
