/**
 * Who may vote: Ed25519 keys and signatures (BouncyCastle), the documented messages validators
 * sign, validator set files, and the registry of the validators this node accepts.
 */
package ml.consensus.validator;
