package ml.consensus.api;

import java.util.List;

/** Body of {@code POST /decentralized/propose-training}; learning_rate defaults to 0.01. */
record ProposeTrainingRequest(List<String> texts, Double learningRate, Boolean allowRebase) {
}
