/**
 * The ledger tables through Spring Data JPA ({@link ml.consensus.storage.Ledger} is the only class
 * that touches them): blocks, records with the index columns derived from their bodies, maintained
 * record counts, and hash-prefix look-ups. H2 by default, PostgreSQL by configuration.
 */
package ml.consensus.storage;
