package ml.consensus.cli;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import ml.consensus.ConsensusMlApplication;
import ml.consensus.hashing.Sha256;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.LedgerBinding;
import ml.consensus.validator.StakeMessage;
import ml.consensus.validator.ValidatorKey;
import ml.consensus.validator.ValidatorSet;
import ml.consensus.validator.VoteMessage;

/**
 * The seed's demo with three validators: makes Ed25519 key pairs for validator-alice, -bob and
 * -carol, writes a validator set file requiring 2 of 3 signed approvals, and starts a node on a
 * fresh ledger in a temporary directory. Then, over HTTP only, it proposes three training
 * batches, has alice and bob sign approvals, applies each batch, and shows on the first batch
 * that an apply before quorum and a forged vote are refused. The validators have bonded stake
 * (signed records; 10 needed to vote): a batch of filler text is rejected by bob and carol and
 * its apply refused, and another one, approved by alice and bob over carol's rejection, worsens
 * the held-out score, so alice and bob each lose half their stake in the apply's block. Finally
 * it verifies the ledger twice: {@code GET /verify} on the node, and the offline verifier on the
 * {@code GET /export} file with only the validators' public keys and the node's stake rules.
 *
 * <p>Exits 0 when every call got the answer it expected (200, or the provoked refusal), both
 * verdicts are valid and all model hashes agree; otherwise prints a "✗" line with the HTTP status
 * and problem detail, or the failed check, and exits 1.
 *
 * <p>Run it from the packaged jar with {@code java -jar target/consensus-ml.jar demo}, or
 * {@code demo/run-demo.sh}.
 */
public final class FeverDemo {

    private static final int VALIDATORS_REQUIRED = 2;
    private static final double LEARNING_RATE = 0.01;
    private static final long BOND = 100;
    private static final String MINIMUM_STAKE = "10";
    private static final String SLASH_FRACTION = "0.5";
    /** Wide enough for the medical batches (they move the score by a few hundredths), not for filler. */
    private static final String SLASH_TOLERANCE = "0.25";
    /** Filler at the highest rate: pulls the vectors toward stop words and worsens the held-out loss. */
    private static final List<String> FILLER = List.of(
            "the the the the a a a a of of of of and and and and", "to to to to is is is is in in in in it it it it");

    private static final String RULE = "=".repeat(68);
    private static final String SEPARATOR = "-".repeat(50);
    private static final Pattern FULL_HASH = Pattern.compile("\\b([0-9a-f]{12})[0-9a-f]{52}\\b");
    private static final HexFormat HEX = HexFormat.of();
    /** The one argument: keep the node running after a passed run, for the ledger explorer. */
    private static final String EXPLORE = "--explore";

    /** One training batch of the story: its heading, the topic named in step 1, and its texts. */
    private record Batch(String title, String topic, List<String> texts) {}

    private static final List<Batch> BATCHES = List.of(
            new Batch(
                    "Fever-related queries",
                    "fever",
                    List.of(
                            "I have a fever",
                            "High temperature and chills",
                            "My child has a fever of 39 degrees",
                            "Sweating and shivering with a fever at night",
                            "How long does a fever usually last")),
            new Batch(
                    "Respiratory symptoms",
                    "respiratory",
                    List.of(
                            "I have a persistent cough and a sore throat",
                            "Wheezing and shortness of breath when climbing stairs",
                            "A runny nose and sneezing with a mild fever",
                            "Coughing up phlegm for more than a week",
                            "Chest tightness after a cold")),
            new Batch(
                    "Medication questions",
                    "medication",
                    List.of(
                            "Can I take ibuprofen with paracetamol",
                            "What is the correct dosage of amoxicillin for a child",
                            "Should antibiotics be taken with food",
                            "Is it safe to take aspirin for a fever",
                            "How many hours between two doses of paracetamol")));

    /** A validator of this run: its id and the private key it signs votes with, which never leaves the demo. */
    private static final class Validator {

        private final String id;
        private final byte[] privateKey;

        Validator(String id, SecureRandom random) {
            this.id = id;
            this.privateKey = Ed25519.newPrivateKey(random);
        }

        ValidatorKey publicKey() {
            return new ValidatorKey(id, HEX.formatHex(Ed25519.publicKeyOf(privateKey)));
        }

        /** This validator's signature, 128 hex characters, over the approve message for {@code proposalHash}. */
        String signApproval(LedgerBinding ledger, String proposalHash) {
            return sign(ledger, VoteMessage.APPROVE, proposalHash);
        }

        /** This validator's signature over the {@code approve} or {@code reject} message for {@code proposalHash}. */
        String sign(LedgerBinding ledger, String vote, String proposalHash) {
            return HEX.formatHex(Ed25519.sign(privateKey, VoteMessage.bytes(ledger, vote, proposalHash, id)));
        }

        /** This validator's signature over the stake message for bonding {@code amount} at {@code sequence}. */
        String signBond(LedgerBinding ledger, long amount, long sequence) {
            return HEX.formatHex(
                    Ed25519.sign(privateKey, StakeMessage.bytes(ledger, StakeMessage.BOND, id, amount, sequence)));
        }
    }

    private final DemoClient client;
    /** The ledger every signature names: read from the node's status before anything is signed. */
    private LedgerBinding ledger = LedgerBinding.LEGACY;

    private final Path workDir;
    private final Path validatorSetFile;
    private final Validator alice;
    private final Validator bob;
    private final Validator carol;

    private FeverDemo(DemoClient client, Path workDir, Path validatorSetFile, List<Validator> validators) {
        this.client = client;
        this.workDir = workDir;
        this.validatorSetFile = validatorSetFile;
        this.alice = validators.get(0);
        this.bob = validators.get(1);
        this.carol = validators.get(2);
    }

    static final String USAGE_TEXT = """
            usage: consensus-ml demo [--explore]

            The fever-batch demo: makes three validators with fresh Ed25519 keys, bonded stake and a
            2-of-3 quorum, starts a node on a fresh temporary ledger, proposes, signs votes for and
            applies the training batches (showing refusals, a rejected proposal and a slash on the
            way), verifies the ledger on the node and offline from its export, prints the seed's
            narrative and deletes the temporary directory. Needs no running node and no free port 5000.
            See demo/README.md.

              --explore   after a passed run, keep the node up on the demo's ledger and print the
                          ledger explorer's address; Ctrl+C stops it and deletes the directory

            exit code: 0 every step passed, 1 a step failed (the line marked with a cross says which),
                       2 bad arguments
            """;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the demo (its narrative goes to standard output, in UTF-8) and returns the exit code:
     * 0 passed, 1 failed, 2 for arguments (it takes only {@value #EXPLORE} or {@code --help}).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.print(USAGE_TEXT);
            return 0;
        }
        boolean explore = List.of(args).equals(List.of(EXPLORE));
        if (args.length > 0 && !explore) {
            err.println("error: demo takes no arguments but " + EXPLORE + ": " + String.join(" ", args));
            err.print(USAGE_TEXT);
            return 2;
        }
        long started = System.nanoTime();
        // Java 17 writes stdout in the platform charset, which turns ✓ into ? under a POSIX locale.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        Path workDir = createWorkDir();
        ConfigurableApplicationContext node = null;
        boolean passed = false;
        try {
            SecureRandom random = new SecureRandom();
            List<Validator> validators = Stream.of("validator-alice", "validator-bob", "validator-carol")
                    .map(id -> new Validator(id, random))
                    .toList();
            Path validatorSetFile = writeValidatorSet(workDir, validators);
            node = startNode(workDir.resolve("node"), validatorSetFile);
            DemoClient client = new DemoClient(
                    URI.create("http://localhost:" + node.getEnvironment().getProperty("local.server.port") + "/"));
            new FeverDemo(client, workDir, validatorSetFile, validators).run();
            passed = true;
            if (explore) {
                System.out.printf(Locale.ROOT, "%n✓ Demo passed in %.1f s%n", (System.nanoTime() - started) / 1e9);
                serveUntilInterrupted(node, workDir);
            }
        } catch (DemoFailure e) {
            System.out.println();
            System.out.println("✗ " + e.getMessage());
        } catch (RuntimeException e) {
            System.out.println();
            System.out.println("✗ The demo stopped: " + e);
        } finally {
            if (node != null) {
                node.close();
            }
            deleteRecursively(workDir);
        }
        System.out.printf(
                Locale.ROOT,
                "%n%s in %.1f s%n",
                passed ? "✓ Demo passed" : "✗ Demo FAILED",
                (System.nanoTime() - started) / 1e9);
        return passed ? 0 : 1;
    }

    /**
     * With {@value #EXPLORE}: keeps the node and its ledger after a passed run so that the ledger
     * explorer can show them, until Ctrl+C, which stops the node and deletes the temporary directory.
     */
    private static void serveUntilInterrupted(ConfigurableApplicationContext node, Path workDir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            deleteRecursively(workDir);
        }));
        System.out.println("Ledger explorer: http://localhost:"
                + node.getEnvironment().getProperty("local.server.port") + "/explorer/");
        System.out.println("The node keeps running on the demo's ledger; Ctrl+C stops it and deletes the ledger.");
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The public keys of {@code validators} with a 2-of-3 quorum, as a validator set file in {@code dir}. */
    private static Path writeValidatorSet(Path dir, List<Validator> validators) {
        ValidatorSet set = new ValidatorSet(
                VALIDATORS_REQUIRED,
                validators.stream().map(Validator::publicKey).toList());
        Path file = dir.resolve("validators.json");
        try {
            Files.writeString(file, set.toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /**
     * A node of the packaged application on a free port over {@code dataDir}, taking votes only
     * from the validators in {@code validatorSetFile}. The settings go in as command-line arguments
     * because those outrank application.properties (port 5000, ./data) and any CONSENSUS_* or
     * SERVER_* environment variables.
     */
    private static ConfigurableApplicationContext startNode(Path dataDir, Path validatorSetFile) {
        return new SpringApplicationBuilder(ConsensusMlApplication.class)
                .run(
                        "--server.port=0",
                        "--consensus.data-dir=" + dataDir,
                        "--consensus.validator-set-file=" + validatorSetFile,
                        "--consensus.stake.minimum-to-vote=" + MINIMUM_STAKE,
                        "--consensus.stake.slash-fraction=" + SLASH_FRACTION,
                        "--consensus.stake.slash-tolerance=" + SLASH_TOLERANCE,
                        "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN",
                        // Flyway warns that H2 is newer than it was tested with; true, and not the demo's story.
                        "--logging.level.org.flywaydb=ERROR");
    }

    private void run() {
        System.out.println(RULE);
        System.out.println("DECENTRALIZED ML TRAINING VIA BLOCKCHAIN CONSENSUS");
        System.out.println(RULE);
        JsonNode status = client.get("/decentralized/status");
        JsonNode ledgerId = status.path("ledger_id");
        ledger = ledgerId.isString() ? LedgerBinding.of(Sha256.fromHex(ledgerId.asString())) : LedgerBinding.LEGACY;
        System.out.println("Ledger: " + ledger + "; every signature below names it");
        System.out.println(
                "Validators: " + Stream.of(alice, bob, carol).map(v -> v.id).collect(Collectors.joining(", "))
                        + " (Ed25519 keys made for this run)");
        System.out.println("Quorum: " + status.path("validators_required").asInt() + " of "
                + status.path("validator_count").asInt() + " validators must sign"
                + (status.path("signatures_required").asBoolean(false) ? "; unsigned votes are refused" : ""));
        if (!status.path("signatures_required").asBoolean(false)
                || status.path("validators_required").asInt() != VALIDATORS_REQUIRED) {
            throw new DemoFailure("the node did not take the validator set " + validatorSetFile + ": " + status);
        }
        String feverBefore = nearestWords("fever");
        bondStake();
        for (int i = 0; i < BATCHES.size(); i++) {
            train(i + 1, BATCHES.get(i), i == 0);
        }
        rejectFiller(BATCHES.size() + 1);
        slashForFiller(BATCHES.size() + 2);
        showStake();
        String liveModel = verifyOnNode();
        verifyOffline(liveModel);
        System.out.println();
        tick("Nearest words to 'fever' before training: " + feverBefore);
        tick("Nearest words to 'fever' after training:  " + nearestWords("fever"));
    }

    /** One batch: propose, two signed approvals (with the refusals in between when {@code showRefusals}), apply. */
    private void train(int number, Batch batch, boolean showRefusals) {
        System.out.println();
        System.out.println("[BATCH " + number + "] Training: " + batch.title());
        System.out.println(SEPARATOR);

        System.out.println("Step 1: PROPOSE training on " + batch.topic() + " queries to validators...");
        JsonNode proposal = client.post(
                        "/decentralized/propose-training",
                        Map.of("texts", batch.texts(), "learning_rate", LEARNING_RATE))
                .path("proposal");
        String proposalHash = proposal.path("proposal_hash").asString();
        tick("Proposal hash: " + shortHash(proposalHash));
        tick("Status: " + proposal.path("message").asString());

        System.out.println();
        System.out.println("Step 2: VALIDATOR APPROVAL (" + VALIDATORS_REQUIRED + " of 3 validators must sign)");
        approve(alice, proposalHash, "proposed");
        if (showRefusals) {
            showRulesBite(batch, proposalHash);
        }
        approve(bob, proposalHash, "approved");

        System.out.println();
        System.out.println("Step 3: APPLY consensus-approved training...");
        JsonNode applied = client.post(
                "/decentralized/apply-training",
                Map.of("proposal_hash", proposalHash, "texts", batch.texts(), "learning_rate", LEARNING_RATE));
        JsonNode metrics = applied.path("metrics");
        tick("Model hash: " + shortHash(metrics.path("model_hash_after").asString()));
        tick("Vocab size: " + applied.path("model_info").path("vocab_size").asInt());
        tick("New words learned: " + metrics.path("new_words").asInt());
        tick("Total training steps: "
                + applied.path("model_info").path("training_steps").asLong());
        tick("Held-out score: " + scores(metrics));
        tick("Blockchain records: "
                + applied.path("blockchain_stats").path("total_records").asLong());
        if (!applied.path("slashes").isEmpty()) {
            throw new DemoFailure("batch " + number + " moved the held-out score by more than the tolerance ("
                    + scores(metrics) + ") and slashed " + applied.path("slashes"));
        }
    }

    private static String scores(JsonNode metrics) {
        return String.format(
                Locale.ROOT,
                "%.4f -> %.4f (mean held-out loss, lower is better)",
                metrics.path("score_before").asDouble(),
                metrics.path("score_after").asDouble());
    }

    /** Each validator bonds {@value #BOND} stake with a signed record, before any vote. */
    private void bondStake() {
        System.out.println();
        System.out.println("[STAKE] Validators bond stake (" + MINIMUM_STAKE + " needed to vote; half is lost for"
                + " approving an update that worsens the held-out score, or rejecting one that improves it)");
        System.out.println(SEPARATOR);
        for (Validator validator : List.of(alice, bob, carol)) {
            long sequence =
                    client.get("/stake/" + validator.id).path("next_sequence").asLong();
            JsonNode stake = client.post(
                            "/stake/bond",
                            Map.of(
                                    "validator_id",
                                    validator.id,
                                    "amount",
                                    BOND,
                                    "sequence",
                                    sequence,
                                    "signature",
                                    validator.signBond(ledger, BOND, sequence)))
                    .path("stake");
            tick(validator.id + " bonded " + BOND + " (signed), stake "
                    + stake.path("balance").asLong());
        }
    }

    /** A filler batch that bob and carol reject: it is rejected and can never be applied. */
    private void rejectFiller(int number) {
        System.out.println();
        System.out.println("[BATCH " + number + "] Filler text, rejected by validators");
        System.out.println(SEPARATOR);
        String proposalHash = proposeFiller();
        vote(bob, VoteMessage.REJECT, proposalHash, "proposed");
        vote(carol, VoteMessage.REJECT, proposalHash, "rejected");
        System.out.println("  Try: apply the rejected proposal");
        refusedAsExpected(
                409, client.postRefused("/decentralized/apply-training", Map.of("proposal_hash", proposalHash), 409));
    }

    /**
     * Another filler batch, approved by alice and bob over carol's rejection: applying it worsens
     * the held-out score, so alice and bob are slashed in the apply's block; carol is not.
     */
    private void slashForFiller(int number) {
        System.out.println();
        System.out.println("[BATCH " + number + "] Filler text, approved by alice and bob, rejected by carol");
        System.out.println(SEPARATOR);
        String proposalHash = proposeFiller();
        vote(carol, VoteMessage.REJECT, proposalHash, "proposed");
        vote(alice, VoteMessage.APPROVE, proposalHash, "proposed");
        vote(bob, VoteMessage.APPROVE, proposalHash, "approved");
        JsonNode applied = client.post("/decentralized/apply-training", Map.of("proposal_hash", proposalHash));
        JsonNode metrics = applied.path("metrics");
        tick("Applied in block " + metrics.path("block_index").asLong() + "; held-out score: " + scores(metrics));
        List<String> slashed = applied.path("slashes").values().stream()
                .map(s -> s.path("validator_id").asString())
                .toList();
        applied.path("slashes")
                .values()
                .forEach(s -> tick("Slashed " + s.path("validator_id").asString() + ": -"
                        + s.path("amount").asLong() + ", stake "
                        + s.path("balance_after").asLong() + " ("
                        + s.path("reason").asString() + ")"));
        if (!slashed.equals(List.of(alice.id, bob.id))) {
            throw new DemoFailure("a worsening update should slash alice and bob, the node slashed " + slashed);
        }
    }

    private String proposeFiller() {
        String proposalHash = client.post(
                        "/decentralized/propose-training", Map.of("texts", FILLER, "learning_rate", 1.0))
                .path("proposal")
                .path("proposal_hash")
                .asString();
        tick("Proposal hash: " + shortHash(proposalHash) + " (learning rate 1.0)");
        return proposalHash;
    }

    /** {@code validator} signs and sends an approval or rejection; the proposal must then be {@code expectedState}. */
    private void vote(Validator validator, String vote, String proposalHash, String expectedState) {
        String endpoint = VoteMessage.APPROVE.equals(vote) ? "approve-proposal" : "reject-proposal";
        JsonNode answer = client.post(
                "/decentralized/" + endpoint,
                Map.of(
                        "proposal_hash",
                        proposalHash,
                        "validator_id",
                        validator.id,
                        "signature",
                        validator.sign(ledger, vote, proposalHash)));
        JsonNode result = answer.path(VoteMessage.APPROVE.equals(vote) ? "approval" : "rejection");
        String state = result.path("proposal_state").asString();
        tick(validator.id + " " + (VoteMessage.APPROVE.equals(vote) ? "approves" : "rejects") + " (signed): proposal "
                + state);
        if (!expectedState.equals(state)) {
            throw new DemoFailure("after " + validator.id + "'s " + vote + " the proposal is " + state + ", expected "
                    + expectedState);
        }
    }

    /** Balances as the ledger gives them: alice and bob lost half, carol kept all. */
    private void showStake() {
        System.out.println();
        System.out.println("[STAKE] Balances, folded from the ledger's stake records");
        System.out.println(SEPARATOR);
        for (JsonNode account : client.get("/stake").path("validators").values()) {
            tick(account.path("validator_id").asString() + ": "
                    + account.path("balance").asLong()
                    + (account.path("may_vote").asBoolean(false) ? " (may vote)" : " (below the minimum to vote)"));
        }
        long carolStake = client.get("/stake/" + carol.id).path("balance").asLong();
        if (carolStake != BOND) {
            throw new DemoFailure(
                    carol.id + " rejected the worsening update but has " + carolStake + " stake, not " + BOND);
        }
    }

    /** {@code validator} signs and sends its approval; the proposal must then be in {@code expectedState}. */
    private void approve(Validator validator, String proposalHash, String expectedState) {
        JsonNode approval = client.post(
                        "/decentralized/approve-proposal",
                        Map.of(
                                "proposal_hash",
                                proposalHash,
                                "validator_id",
                                validator.id,
                                "signature",
                                validator.signApproval(ledger, proposalHash)))
                .path("approval");
        if (!approval.path("signed").asBoolean(false)) {
            throw new DemoFailure("the node recorded " + validator.id + "'s approval as unsigned");
        }
        tick("Validator: " + approval.path("validator").asString() + " (signed)");
        tick("Approval status: " + approval.path("status").asString());
        String state = approval.path("proposal_state").asString();
        tick("Proposal state: " + state + " (" + approval.path("approvals").asInt() + " of "
                + approval.path("approvals_required").asInt() + " approvals)");
        if (!expectedState.equals(state)) {
            throw new DemoFailure(
                    "after " + validator.id + "'s approval the proposal is " + state + ", expected " + expectedState);
        }
    }

    /**
     * With one approval of two: an apply and a forged vote (alice's signature sent as carol's)
     * must both be refused, and must leave the chain as it was.
     */
    private void showRulesBite(Batch batch, String proposalHash) {
        long chainBefore = chainLength();
        System.out.println("  Try: apply with 1 of 2 approvals");
        JsonNode early = client.postRefused(
                "/decentralized/apply-training",
                Map.of("proposal_hash", proposalHash, "texts", batch.texts(), "learning_rate", LEARNING_RATE),
                409);
        if (!early.path("detail").asString("").contains("1 of 2")) {
            throw new DemoFailure("the early apply was refused for another reason: "
                    + early.path("detail").asString());
        }
        refusedAsExpected(409, early);
        System.out.println("  Try: " + alice.id + "'s signature sent as " + carol.id + "'s vote");
        JsonNode forged = client.postRefused(
                "/decentralized/approve-proposal",
                Map.of(
                        "proposal_hash",
                        proposalHash,
                        "validator_id",
                        carol.id,
                        "signature",
                        alice.signApproval(ledger, proposalHash)),
                401);
        refusedAsExpected(401, forged);
        long chainAfter = chainLength();
        if (chainAfter != chainBefore) {
            throw new DemoFailure(
                    "a refused request changed the chain from " + chainBefore + " to " + chainAfter + " blocks");
        }
        tick("Chain still " + chainAfter + " blocks: a refusal writes nothing");
    }

    private void refusedAsExpected(int status, JsonNode problem) {
        tick("Refused as expected: HTTP " + status + " " + problem.path("title").asString("") + ": "
                + shortHashes(problem.path("detail").asString("")));
    }

    /** {@code GET /verify}: the node replays its own ledger; returns the live model hash it checked. */
    private String verifyOnNode() {
        System.out.println();
        System.out.println("[VERIFY] Replaying the ledger from genesis");
        System.out.println(SEPARATOR);
        JsonNode report = client.get("/verify");
        JsonNode stats = client.get("/decentralized/status").path("decentralized_stats");
        String replayed = report.path("replayed_model_hash").asString("");
        String live = report.path("live_model_hash").asString("");
        tick("Blocks checked: " + report.path("blocks_checked").asLong());
        tick("Updates replayed: " + report.path("updates_replayed").asLong());
        tick("Replayed model hash: " + shortHash(replayed));
        tick("Live model hash: " + shortHash(live));
        tick("Proposals / approvals / applied updates: "
                + stats.path("total_proposals").asLong() + " / "
                + stats.path("total_approvals").asLong() + " / "
                + stats.path("applied_updates").asLong());
        if (!report.path("valid").asBoolean(false)) {
            throw new DemoFailure("Ledger verified: invalid: "
                    + report.path("failure").path("message").asString(""));
        }
        if (replayed.isEmpty() || !replayed.equals(live)) {
            throw new DemoFailure("Ledger verified: the replayed model " + replayed + " is not the live model " + live);
        }
        tick("Ledger verified: valid");
        return live;
    }

    /**
     * Downloads {@code GET /export} and runs the offline verifier on it in this JVM, with only the
     * validator set file (public keys) and the default minimum difficulty; its replayed model must
     * be {@code liveModel}.
     */
    private void verifyOffline(String liveModel) {
        System.out.println();
        System.out.println("[VERIFY OFFLINE] The exported ledger, checked with only the validators' public keys");
        System.out.println(SEPARATOR);
        Path export = workDir.resolve("ledger.json");
        client.download("/export", export);
        tick("GET /export saved as " + export.getFileName() + " (" + size(export) + " bytes)");
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        // The stake rules are not given: the verifier reads them from the ledger's stake_rules_declared record.
        String[] args = {export.toString(), "--validator-set", validatorSetFile.toString()};
        int exitCode = OfflineVerifier.run(
                args,
                new PrintStream(report, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8));
        String text = report.toString(StandardCharsets.UTF_8);
        text.lines().forEach(line -> System.out.println("    " + line));
        errors.toString(StandardCharsets.UTF_8).lines().forEach(line -> System.out.println("    " + line));
        if (exitCode != 0 || !text.lines().anyMatch("RESULT: VALID"::equals)) {
            throw new DemoFailure(
                    "the offline verifier found the exported ledger not valid (exit code " + exitCode + ")");
        }
        Matcher replayed =
                Pattern.compile("(?m)^  replayed model:\\s+([0-9a-f]{64})$").matcher(text);
        if (!replayed.find()) {
            throw new DemoFailure("the offline verifier did not report a replayed model hash");
        }
        if (!replayed.group(1).equals(liveModel)) {
            throw new DemoFailure(
                    "the offline verifier replayed model " + replayed.group(1) + ", but the node serves " + liveModel);
        }
        tick("Offline replayed model hash = live model hash: " + shortHash(liveModel));
    }

    private long chainLength() {
        return client.get("/decentralized/status")
                .path("blockchain")
                .path("chain_length")
                .asLong();
    }

    /** The five nearest words to {@code word} with their cosine similarity, as one line. */
    private String nearestWords(String word) {
        return client.get("/model/nearest-words", "word", word, "k", "5").path("neighbours").values().stream()
                .map(n -> String.format(
                        Locale.ROOT,
                        "%s (%.2f)",
                        n.path("word").asString(),
                        n.path("similarity").asDouble()))
                .collect(Collectors.joining(", "));
    }

    /** Prints one "✓" line of the narrative. */
    private static void tick(String line) {
        System.out.println("  ✓ " + line);
    }

    /** The first 12 hex digits, as the seed prints them; the full hash is in every response. */
    private static String shortHash(String hash) {
        return hash.length() <= 12 ? hash : hash.substring(0, 12) + "…";
    }

    /** {@code text} with every full 64-hex hash cut to its first 12 digits, to keep refusal lines readable. */
    private static String shortHashes(String text) {
        return FULL_HASH.matcher(text).replaceAll("$1…");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("consensus-ml-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.out.println("  (could not delete " + dir + ": " + e.getMessage() + ")");
        }
    }
}
