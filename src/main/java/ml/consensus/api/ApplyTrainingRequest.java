package ml.consensus.api;

import java.util.List;

/** Body of {@code POST /decentralized/apply-training}; texts and learning_rate, if given, must match the proposal. */
record ApplyTrainingRequest(String proposalHash, List<String> texts, Double learningRate) {
}
