package ml.consensus;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The node's settings (prefix {@code consensus}), checked at start-up.
 *
 * @param dataDir            where the ledger database and checkpoints live
 * @param validatorsRequired approvals needed before an update may be applied (M of M-of-N)
 * @param validators         the validator ids allowed to vote, unsigned; empty = open mode (any id
 *                           votes, and N is taken equal to M, so a single rejection makes quorum impossible)
 * @param validatorSetFile   a validator set file (ids, Ed25519 public keys, quorum): every vote must
 *                           then be signed, and the file's quorum replaces validatorsRequired
 * @param restoreFrom        an export ({@code GET /export}) to rebuild an empty ledger from at start-up;
 *                           it must verify under this node's rules, and the data directory must be empty
 * @param difficulty         proof-of-work leading zero bits for every new block
 * @param maxBatchTexts      most texts one proposal may carry
 * @param maxTextLength      most characters one text may have
 * @param maxRequestBytes    largest request body accepted, checked before parsing
 * @param approvalPolicy     an approval policy ({@code Count(n)}, {@code Weight(n)} or a Fabric-style
 *                           expression) declared on a new ledger; null keeps the seed's count of
 *                           validatorsRequired
 * @param proposalExpiryBlocks proposals expire this many blocks after the block that holds them; 0 = never
 * @param proposalExpiry     proposals expire this long after they are made; null = never
 */
@Validated
@ConfigurationProperties(prefix = "consensus")
public record NodeProperties(
        @NotNull Path dataDir,
        @Min(1) @Max(100) int validatorsRequired,
        List<String> validators,
        Path validatorSetFile,
        Path restoreFrom,
        @Min(0) @Max(32) int difficulty,
        @Min(1) @Max(10_000) int maxBatchTexts,
        @Min(1) @Max(100_000) int maxTextLength,
        @Min(1024) long maxRequestBytes,
        String approvalPolicy,
        @Min(0) @Max(1_000_000_000) int proposalExpiryBlocks,
        java.time.Duration proposalExpiry) {

    public NodeProperties {
        validators = validators == null ? List.of() : List.copyOf(validators);
    }
}
