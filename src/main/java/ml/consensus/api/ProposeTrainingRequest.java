package ml.consensus.api;

import java.util.List;

import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Body of {@code POST /decentralized/propose-training}; learning_rate defaults to 0.01;
 * proposer_key (optional, 64 hex) is the Ed25519 key that may later withdraw the proposal.
 */
record ProposeTrainingRequest(
        @JsonDeserialize(contentUsing = StrictStringDeserializer.class)
        List<String> texts,

        Double learningRate,
        Boolean allowRebase,
        String proposerKey) {}
