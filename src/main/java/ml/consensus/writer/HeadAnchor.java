package ml.consensus.writer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.springframework.stereotype.Component;

import ml.consensus.NodeProperties;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.VerificationFailure;

/**
 * The index and hash of the newest block this node committed, kept in a file beside the
 * database ({@code <data-dir>/head}). A valid prefix of a valid chain is itself valid, so deleting
 * the newest blocks from the database could not be seen from the database alone; the anchor
 * remembers how far the chain had reached. It is written after each commit, so after a crash it
 * may lag the database by a block, never lead it.
 */
@Component
public class HeadAnchor {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HeadAnchor.class);

    private final Path file;

    public HeadAnchor(NodeProperties properties) {
        this.file = properties.dataDir().resolve("head");
    }

    /**
     * Remembers {@code block} as the newest committed block. Runs after the commit, so it must not
     * fail the write: a failure is logged and the anchor merely lags until the next block.
     */
    public void record(Block block) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling("head.tmp");
            Files.writeString(temporary, block.index() + " " + block.hash().hex() + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.error("cannot write the head anchor {}: {}", file, e.toString());
        }
    }

    /**
     * Checks that the chain still holds the anchored block; empty when it does or when there is
     * no anchor yet, otherwise the failure naming what is missing.
     */
    public Optional<VerificationFailure> check(java.util.List<Block> chain) {
        return check(chain, read());
    }

    /** The anchor file's content, or null when there is none; read together with the chain it is checked against. */
    public String read() {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the head anchor " + file, e);
        }
    }

    /** As {@link #check(java.util.List)}, against an anchor read earlier with {@link #read()}. */
    public Optional<VerificationFailure> check(java.util.List<Block> chain, String anchorContent) {
        if (anchorContent == null) {
            return Optional.empty();
        }
        String[] parts = anchorContent.strip().split(" ");
        if (parts.length != 2 || !Sha256.isHex(parts[1]) || !parts[0].matches("\\d{1,18}")) {
            return Optional.of(VerificationFailure.ofBlock(
                    chain.size() - 1L,
                    "head_anchor",
                    String.join(" ", parts),
                    "<index> <hash>",
                    "the head anchor file " + file + " is unreadable"));
        }
        long index = Long.parseLong(parts[0]);
        if (index >= chain.size()) {
            return Optional.of(VerificationFailure.ofBlock(
                    chain.size(),
                    "head_anchor",
                    chain.size() + " blocks",
                    (index + 1) + " blocks",
                    "the ledger ends at block " + (chain.size() - 1) + " but this node had" + " committed block "
                            + index + ": blocks were removed"));
        }
        Sha256 stored = chain.get((int) index).hash();
        if (!stored.hex().equals(parts[1])) {
            return Optional.of(VerificationFailure.ofBlock(
                    index,
                    "head_anchor",
                    stored,
                    parts[1],
                    "block " + index + " is not the block this node committed there"));
        }
        return Optional.empty();
    }
}
