/**
 * {@link ml.consensus.refusal.Refusal}: why a request is refused, with the HTTP status it maps to.
 * Thrown by every package, turned into a problem answer in one place in {@code api}.
 */
package ml.consensus.refusal;
