package ml.consensus.api;

import java.util.List;

import tools.jackson.databind.annotation.JsonDeserialize;

/** Body of {@code POST /decentralized/apply-training}; texts and learning_rate, if given, must match the proposal. */
record ApplyTrainingRequest(
        String proposalHash,

        @JsonDeserialize(contentUsing = StrictStringDeserializer.class)
        List<String> texts,

        Double learningRate) {}
