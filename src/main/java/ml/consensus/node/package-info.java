/**
 * The node itself: start-up (genesis, restore, audit, model rebuilt from the newest checkpoint),
 * the audit behind {@code /verify}, health and status, checkpoints, and the configuration of the
 * rules it starts from.
 */
package ml.consensus.node;
