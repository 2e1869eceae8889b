/**
 * SHA-256 values, the domain-separated hashes (one tag per kind of hash, docs/hashes.md) and RFC
 * 8785 canonical JSON. Pure: no I/O, no Spring.
 */
package ml.consensus.hashing;
