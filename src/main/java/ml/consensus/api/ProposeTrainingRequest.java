package ml.consensus.api;

import java.util.List;

import tools.jackson.databind.annotation.JsonDeserialize;

/** Body of {@code POST /decentralized/propose-training}; learning_rate defaults to 0.01. */
record ProposeTrainingRequest(
        @JsonDeserialize(contentUsing = StrictStringDeserializer.class) List<String> texts,
        Double learningRate,
        Boolean allowRebase) {
}
