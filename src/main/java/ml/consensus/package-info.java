/**
 * Consensus ML: governed, auditable model training. The application ({@link
 * ml.consensus.ConsensusMlApplication}) and its typed settings ({@link ml.consensus.NodeProperties}).
 * One package per concern below this one; the modularity test (ModularityTests) keeps the pure
 * packages free of Spring and storage and the whole tree free of cycles.
 */
package ml.consensus;
