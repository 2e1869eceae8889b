package ml.consensus.reliability;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ml.consensus.reliability.AcknowledgedWrites.Proposal;
import ml.consensus.reliability.AcknowledgedWrites.State;
import ml.consensus.support.NodeClient;

/**
 * One client, looping random writes against a node until the node dies under it: propose,
 * approve or reject a pending proposal, apply an approved one, now and then a checkpoint. It is
 * serial (one write on the wire at a time), so after a kill at most one write is in doubt: the
 * one whose answer never came. Every 200 is recorded in {@link AcknowledgedWrites} with what the
 * node answered; anything other than 200 or an expected 409 is a violation.
 */
final class Workload implements Runnable {

    /** One write as it went out; {@code sentAtNanos} is 0 until the whole request was flushed. */
    static final class Attempt {
        final String operation;
        final String proposalHash;
        /** For a proposal: the texts sent, so a landed one can be told apart from anything else. */
        final List<String> texts;

        volatile long sentAtNanos;

        Attempt(String operation, String proposalHash, List<String> texts) {
            this.operation = operation;
            this.proposalHash = proposalHash;
            this.texts = texts;
        }

        /** The record type this write appends when it lands. */
        String recordType() {
            return switch (operation) {
                case "propose" -> "training_proposal";
                case "approve" -> "validator_approval";
                case "reject" -> "validator_rejection";
                case "apply" -> "model_update_approved";
                case "checkpoint" -> "checkpoint_saved";
                default -> throw new IllegalStateException(operation);
            };
        }

        @Override
        public String toString() {
            return operation + (proposalHash == null ? "" : " " + proposalHash.substring(0, 12));
        }
    }

    private static final List<String> VALIDATORS = List.of("validator-alice", "validator-bob", "validator-carol");
    private static final List<String> WORDS = List.of(
            "patient",
            "reports",
            "fever",
            "cough",
            "headache",
            "nausea",
            "rash",
            "fatigue",
            "chills",
            "severe",
            "mild",
            "pain",
            "since",
            "yesterday",
            "high",
            "temperature",
            "dizziness",
            "infection",
            "with",
            "and",
            "the",
            "throat",
            "chest",
            "breathing",
            "persistent",
            "night");
    private static final double[] LEARNING_RATES = {0.01, 0.05, 0.1};

    private final NodeProcess node;
    private final Random random;
    private final AcknowledgedWrites acknowledged;
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> acknowledgedByOperation = Collections.synchronizedMap(new LinkedHashMap<>());
    private final CountDownLatch applyOnTheWire = new CountDownLatch(1);

    private volatile boolean armedForApplyKill;
    private volatile Attempt inDoubt;
    private volatile Throwable stoppedBy;
    private volatile long stoppedAtNanos;
    private long fastestApplyNanos = Long.MAX_VALUE;

    Workload(NodeProcess node, Random random, AcknowledgedWrites acknowledged) {
        this.node = node;
        this.random = random;
        this.acknowledged = acknowledged;
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                step();
            }
        } catch (IOException e) {
            // the node died under us: the expected end of a round
            stoppedBy = e;
        } catch (RuntimeException | Error e) {
            stoppedBy = e;
            violations.add("workload failed: " + e);
        } finally {
            stoppedAtNanos = System.nanoTime();
        }
    }

    /** From now on the next apply signals {@link #awaitApplyOnTheWire} once it is sent, and applies are preferred. */
    void armApplyKill() {
        armedForApplyKill = true;
    }

    /** Waits until an apply request has been fully sent (its answer not yet read). */
    boolean awaitApplyOnTheWire(long timeoutMillis) throws InterruptedException {
        return applyOnTheWire.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** The shortest time from sending an apply to its complete answer in this round, if any was answered. */
    synchronized OptionalLong fastestApplyNanos() {
        return fastestApplyNanos == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(fastestApplyNanos);
    }

    /** The write that was sent (or being sent) when the connection broke: it may or may not have landed. */
    Attempt inDoubt() {
        return inDoubt;
    }

    Throwable stoppedBy() {
        return stoppedBy;
    }

    long stoppedAtNanos() {
        return stoppedAtNanos;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    Map<String, Integer> acknowledgedByOperation() {
        return Map.copyOf(acknowledgedByOperation);
    }

    /** One proposal, for checking that a restarted node takes writes; returns the answer's status. */
    int proposeOnce() throws IOException {
        return propose();
    }

    private void step() throws IOException {
        List<Proposal> open = new ArrayList<>();
        List<Proposal> approved = new ArrayList<>();
        for (Proposal p : acknowledged.proposals()) {
            if (p.stale) {
                continue;
            }
            if (p.knownState == State.PROPOSED || p.knownState == State.APPROVED) {
                open.add(p);
            }
            if (p.knownState == State.APPROVED) {
                approved.add(p);
            }
        }
        if (armedForApplyKill) {
            if (!approved.isEmpty()) {
                apply(pick(approved));
            } else if (!open.isEmpty()) {
                vote(pick(open), "approve");
            } else {
                propose();
            }
            return;
        }
        int roll = random.nextInt(100);
        if (open.isEmpty() || roll < 30) {
            propose();
        } else if (roll < 60) {
            vote(pick(open), "approve");
        } else if (roll < 63) {
            vote(pick(open), "reject");
        } else if (roll < 93) {
            if (approved.isEmpty()) {
                vote(pick(open), "approve");
            } else {
                apply(pick(approved));
            }
        } else {
            checkpoint();
        }
    }

    private int propose() throws IOException {
        List<String> texts = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int t = 0; t < count; t++) {
            StringBuilder text = new StringBuilder();
            int words = 3 + random.nextInt(5);
            for (int w = 0; w < words; w++) {
                text.append(w == 0 ? "" : " ").append(WORDS.get(random.nextInt(WORDS.size())));
            }
            texts.add(text.toString());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("texts", texts);
        body.put("learning_rate", LEARNING_RATES[random.nextInt(LEARNING_RATES.length)]);
        // Mostly rebase-able, so applies keep landing while other proposals move the model on.
        body.put("allow_rebase", random.nextInt(10) < 7);
        NodeProcess.Reply reply = send(new Attempt("propose", null, texts), "/decentralized/propose-training", body);
        if (reply.status() == 200) {
            acknowledged.proposed(
                    reply.json().get("proposal").get("proposal_hash").asString(),
                    reply.json().get("proposal").get("block_index").asLong());
            counted("propose");
        } else {
            unexpected("propose", reply);
        }
        return reply.status();
    }

    private void vote(Proposal proposal, String kind) throws IOException {
        List<String> candidates = new ArrayList<>(VALIDATORS);
        candidates.removeAll(proposal.knownVoters);
        if (candidates.isEmpty()) {
            propose();
            return;
        }
        String validator = pick(candidates);
        String path = kind.equals("approve") ? "/decentralized/approve-proposal" : "/decentralized/reject-proposal";
        NodeProcess.Reply reply = send(
                new Attempt(kind, proposal.hash, null),
                path,
                Map.of("proposal_hash", proposal.hash, "validator_id", validator));
        if (reply.status() == 200) {
            String field = kind.equals("approve") ? "approval" : "rejection";
            acknowledged.voted(
                    proposal.hash,
                    validator,
                    kind,
                    reply.json().get(field).get("block_index").asLong(),
                    State.ofWire(reply.json().get(field).get("proposal_state").asString()));
            counted(kind);
        } else if (reply.status() == 409) {
            // already voted (an unacknowledged vote that landed) or votes closed: fine, nothing written
            proposal.knownVoters.add(validator);
        } else {
            unexpected(kind, reply);
        }
    }

    private void apply(Proposal proposal) throws IOException {
        Attempt attempt = new Attempt("apply", proposal.hash, null);
        NodeProcess.Reply reply =
                send(attempt, "/decentralized/apply-training", Map.of("proposal_hash", proposal.hash));
        if (reply.status() == 200) {
            synchronized (this) {
                fastestApplyNanos = Math.min(fastestApplyNanos, System.nanoTime() - attempt.sentAtNanos);
            }
            acknowledged.applied(
                    proposal.hash,
                    reply.json().get("metrics").get("block_index").asLong(),
                    reply.json().get("metrics").get("model_hash_after").asString());
            counted("apply");
        } else if (reply.status() == 409) {
            // the model moved on since the proposal (no allow_rebase) or an unacknowledged apply landed
            proposal.stale = true;
        } else {
            unexpected("apply", reply);
        }
    }

    private void checkpoint() throws IOException {
        NodeProcess.Reply reply = send(new Attempt("checkpoint", null, null), "/save-checkpoint", null);
        if (reply.status() == 200) {
            var saved = reply.json().get("checkpoint");
            acknowledged.checkpointed(
                    saved.get("model_hash").asString(),
                    saved.get("file").asString(),
                    saved.get("block_index").asLong());
            counted("checkpoint");
        } else {
            unexpected("checkpoint", reply);
        }
    }

    /**
     * Sends one write. While it is on the wire it is {@link #inDoubt}; it stops being in doubt only
     * when a complete answer came back, or when the connection was refused (nothing was sent).
     */
    private NodeProcess.Reply send(Attempt attempt, String path, Object body) throws IOException {
        inDoubt = attempt;
        NodeProcess.Reply reply;
        try {
            reply = node.post(path, body == null ? "" : NodeClient.json(body), () -> {
                attempt.sentAtNanos = System.nanoTime();
                if (armedForApplyKill && attempt.operation.equals("apply")) {
                    applyOnTheWire.countDown();
                }
            });
        } catch (NodeProcess.ConnectException refused) {
            inDoubt = null;
            throw refused;
        }
        inDoubt = null;
        return reply;
    }

    private void counted(String operation) {
        acknowledgedByOperation.merge(operation, 1, Integer::sum);
    }

    private void unexpected(String operation, NodeProcess.Reply reply) {
        violations.add(operation + " answered " + reply.status() + " (expected 200 or 409): " + reply.raw());
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
