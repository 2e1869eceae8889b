package ml.consensus.validator;

/** A verified vote signature and the public key it verified with, both hex, as the vote record stores them. */
public record VoteSignature(String signatureHex, String publicKeyHex) {}
