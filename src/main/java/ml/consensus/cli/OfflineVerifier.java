package ml.consensus.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerExport;
import ml.consensus.ledger.VerificationFailure;
import ml.consensus.model.BaseModel;
import ml.consensus.model.EvaluationSet;
import ml.consensus.model.Evaluations;
import ml.consensus.rules.RulesInForce;
import ml.consensus.rules.VotingRules;
import ml.consensus.validator.ValidatorSet;
import ml.consensus.verification.AuditReport;
import ml.consensus.verification.LedgerVerification;

/**
 * Verifies a ledger with nothing but the ledger and the validators' public keys: no Spring, no
 * database. Reads an export file ({@code GET /export}) or fetches one from a running node, then
 * checks the chain, the consensus rules and signatures, and replays the model from the built-in
 * base model. Exit code ({@link ml.consensus.cli.ExitCode}) 0 only when the ledger is valid; 1
 * invalid, 2 bad arguments or malformed input, 3 a file or node that cannot be read.
 *
 * <pre>
 * java -jar target/consensus-ml.jar verify ledger.json --validator-set validators.json
 * </pre>
 */
public final class OfflineVerifier {

    static final int DEFAULT_MIN_DIFFICULTY = 16;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String USAGE_TEXT = """
            usage: consensus-ml verify SOURCE [--validator-set FILE | --validators-required N [--validators IDS]]
                                              [--min-difficulty N] [--proof FILE] [--evaluation-set FILE]

              SOURCE                   an export file (GET /export), or a node's base URL (http://host:5000)
              --validator-set FILE     votes must be signed by this set's keys; its quorum applies
              --validators-required N  unsigned votes with quorum N (default 1)
              --validators IDS         unsigned votes from these comma-separated ids only (weight 1
                                       each); without it any id votes (the seed's open mode)
              --min-difficulty N       fewest proof-of-work bits a block may claim (default 16)
              --proof FILE             also check an inclusion proof (GET /records/{hash}/proof)
                                       against the verified chain
              --evaluation-set FILE    the held-out set the node scores on, when not the built-in one

            The approval policy and the stake rules (minimum stake, weight from stake, slashing) are
            read from the ledger's policy_declared, stake_rules_declared and governance records.

            exit code: 0 valid, 1 invalid, 2 bad arguments or malformed input (not an export, not a
                       validator set), 3 a file or node that cannot be read""";

    private OfflineVerifier() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** What the command line asked for. */
    record Options(
            String source,
            Optional<Path> validatorSet,
            int validatorsRequired,
            List<String> validators,
            int minDifficulty,
            Optional<Path> proof,
            Optional<Path> evaluationSet) {

        static Options parse(String[] args) {
            String source = null;
            Optional<Path> set = Optional.empty();
            Optional<Path> proof = Optional.empty();
            int required = 1;
            List<String> validators = List.of();
            int difficulty = DEFAULT_MIN_DIFFICULTY;
            Optional<Path> evaluationSet = Optional.empty();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--validator-set" -> set = Optional.of(Path.of(value(args, ++i, arg)));
                    case "--validators-required" -> required = Integer.parseInt(value(args, ++i, arg));
                    case "--validators" ->
                        validators = List.of(value(args, ++i, arg).split(","));
                    case "--min-difficulty" -> difficulty = Integer.parseInt(value(args, ++i, arg));
                    case "--proof" -> proof = Optional.of(Path.of(value(args, ++i, arg)));
                    case "--evaluation-set" -> evaluationSet = Optional.of(Path.of(value(args, ++i, arg)));
                    default -> {
                        if (arg.startsWith("--") || source != null) {
                            throw new IllegalArgumentException("unexpected argument " + arg);
                        }
                        source = arg;
                    }
                }
            }
            if (source == null) {
                throw new IllegalArgumentException("SOURCE is required");
            }
            if (set.isPresent() && !validators.isEmpty()) {
                throw new IllegalArgumentException("give --validator-set or --validators, not both");
            }
            return new Options(source, set, required, validators, difficulty, proof, evaluationSet);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        boolean isUrl() {
            return source.startsWith("http://") || source.startsWith("https://");
        }
    }

    /** Runs the command line; returns the exit code instead of exiting, for callers in the same JVM. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE_TEXT);
            return ExitCode.USAGE;
        }
        if (List.of(args).contains("--help")) {
            out.println(USAGE_TEXT);
            return ExitCode.OK;
        }
        Options options;
        VotingRules rules;
        Evaluations evaluations;
        List<Block> blocks;
        Optional<Sha256> liveModel = Optional.empty();
        Optional<JsonNode> proof = Optional.empty();
        try {
            options = Options.parse(args);
            if (options.validatorSet().isPresent()) {
                rules = VotingRules.signedBy(validatorSet(options.validatorSet().get()));
            } else {
                rules = options.validators().isEmpty()
                        ? VotingRules.open(options.validatorsRequired())
                        : VotingRules.listed(options.validatorsRequired(), options.validators());
            }
            evaluations = options.evaluationSet().isPresent()
                    ? Evaluations.scoringOn(
                            evaluationSet(options.evaluationSet().get()))
                    : Evaluations.builtIn();
            if (options.isUrl()) {
                String base = options.source().replaceAll("/+$", "");
                blocks = export(fetch(base + "/export"), base + "/export");
                liveModel = Optional.of(Sha256.fromHex(fetch(base + "/model-info")
                        .get("model")
                        .get("model_hash")
                        .asString()));
            } else {
                Path file = Path.of(options.source());
                blocks = export(InputFiles.readJson(file, "ledger file"), "ledger file " + file);
            }
            if (options.proof().isPresent()) {
                proof = Optional.of(InputFiles.readJson(options.proof().get(), "proof file"));
            }
        } catch (IOException | UncheckedIOException e) {
            // Nothing wrong with the arguments: the data is out of reach, so no usage text.
            err.println("error: " + e.getMessage());
            return ExitCode.IO_ERROR;
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE_TEXT);
            return ExitCode.USAGE;
        }
        LedgerVerification verification =
                new LedgerVerification(BaseModel.create(), rules, evaluations, options.minDifficulty());
        AuditReport report = verification.verify(
                blocks, liveModel.orElse(null), Instant.now().toString());
        // Without the validators' keys, signed votes can only be checked against the keys beside them.
        EmbeddedKeyCheck.Outcome embedded = rules.signaturesRequired()
                ? new EmbeddedKeyCheck.Outcome(0, Optional.empty())
                : EmbeddedKeyCheck.check(blocks);
        print(report, options, rules, blocks, embedded, out);
        if (!report.isValid() || embedded.problem().isPresent()) {
            return ExitCode.FAILED;
        }
        if (proof.isPresent()) {
            Optional<String> problem = InclusionCheck.check(proof.get(), blocks);
            out.println("  inclusion proof: "
                    + problem.orElse("record " + proof.get().path("record_hash").asString() + " is in block "
                            + proof.get().path("block_index").asLong() + ": VALID"));
            if (problem.isPresent()) {
                out.println("RESULT: INVALID (inclusion proof)");
                return ExitCode.FAILED;
            }
        }
        return ExitCode.OK;
    }

    /** The blocks of an export; {@code source} names where it came from when it is not one. */
    private static List<Block> export(JsonNode document, String source) {
        try {
            return LedgerExport.read(document);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    source + " is not a ledger export (GET /export or consensus-ml export makes one): "
                            + e.getMessage(),
                    e);
        }
    }

    private static ValidatorSet validatorSet(Path file) throws IOException {
        InputFiles.readJson(file, "validator set file");
        try {
            return ValidatorSet.parse(InputFiles.readText(file, "validator set file"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "validator set file " + file + " is not a validator set: " + e.getMessage(), e);
        }
    }

    private static EvaluationSet evaluationSet(Path file) throws IOException {
        try {
            return EvaluationSet.parse(InputFiles.readText(file, "evaluation set file"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("evaluation set file " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode fetch(String url) throws IOException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofMinutes(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(url + " answered HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        } catch (IOException e) {
            // A refused connection carries no message of its own; say which URL failed and how.
            throw new IOException(
                    "cannot fetch " + url + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    e);
        }
    }

    private static void print(
            AuditReport report,
            Options options,
            VotingRules rules,
            List<Block> blocks,
            EmbeddedKeyCheck.Outcome embedded,
            PrintStream out) {
        out.println("Consensus ML ledger verification");
        out.println("  source:          " + options.source());
        out.println("  voting rules:    "
                + (rules.signaturesRequired()
                        ? "signed votes, " + rules.policy().required() + " of "
                                + rules.policy().validatorCount() + " validators"
                        : rules.policy().electorate().isOpen()
                                ? "open mode (unsigned votes), "
                                        + rules.policy().required() + " approval(s) required"
                                : "unsigned votes from " + rules.policy().validatorCount() + " listed validators, "
                                        + rules.policy().required() + " approval(s) required")
                + " at the start; the ledger's policy_declared and governance records change them");
        if (report.isValid()) {
            RulesInForce atHead = new RulesInForce(rules);
            blocks.forEach(block -> {
                atHead.enterBlock(block.index());
                block.records().forEach(atHead::follow);
            });
            out.println("  rules at head:   policy " + atHead.upcoming().text() + ", stake rules "
                    + atHead.upcomingStakeRules().text()
                    + (atHead.stakeDeclaredInBlock() >= 0
                            ? " (declared in block " + atHead.stakeDeclaredInBlock() + ")"
                            : ""));
        }
        out.println("  blocks checked:  " + report.chain().blocksChecked() + " ("
                + report.chain().recordsChecked() + " records), minimum difficulty " + options.minDifficulty()
                + " bits");
        report.replay().ifPresent(replay -> {
            out.println("  model replay:    " + replay.updatesReplayed() + " updates from the genesis base model");
            out.println("  replayed model:  " + replay.model().hash());
        });
        if (report.liveModelHash() != null) {
            out.println("  live model:      " + report.liveModelHash());
        }
        if (embedded.signedVotes() > 0) {
            out.println("  WARNING:         " + embedded.signedVotes() + " signed vote(s), but no --validator-set was"
                    + " given: each signature was checked only against the public key written beside it in the"
                    + " ledger. That shows no vote was edited after it was signed, not who voted: whoever rewrites"
                    + " the ledger can sign with keys of their own. Give --validator-set FILE, the validators' real"
                    + " public keys, to check who voted.");
        }
        Optional<VerificationFailure> failure = report.failure();
        if (failure.isEmpty() && embedded.problem().isPresent()) {
            out.println("RESULT: INVALID");
            out.println("  check:    vote_signature");
            out.println("  problem:  " + embedded.problem().get());
            return;
        }
        if (failure.isEmpty()) {
            out.println("RESULT: VALID");
            return;
        }
        VerificationFailure f = failure.get();
        out.println("RESULT: INVALID");
        out.println(
                "  where:    block " + f.blockIndex() + (f.recordIndex() == null ? "" : ", record " + f.recordIndex()));
        out.println("  check:    " + f.check());
        out.println("  problem:  " + f.message());
        out.println("  computed: " + f.computed());
        out.println("  expected: " + f.expected());
    }
}
