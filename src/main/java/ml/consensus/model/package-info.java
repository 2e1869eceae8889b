/**
 * The language model: tokenizer, {@link ml.consensus.model.EmbeddingModel} (vocabulary and vectors),
 * the deterministic skip-gram trainer, the built-in base model, the canonical serialization the model
 * hash is taken over, and held-out scoring. Pure: no Spring, no storage.
 */
package ml.consensus.model;
