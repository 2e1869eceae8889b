package ml.consensus.node;

import org.junit.jupiter.api.Test;

import ml.consensus.ledger.LedgerIdentity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenesisModelTests {

    private static final String NONCE = "0123456789abcdef".repeat(4);

    @Test
    void shouldGiveEveryNewLedgerARandomNonce() {
        GenesisModel genesis = new GenesisModel("", "");

        String first = genesis.genesisRecord().text(LedgerIdentity.NONCE_FIELD);
        String second = genesis.genesisRecord().text(LedgerIdentity.NONCE_FIELD);

        assertThat(first).matches("[0-9a-f]{64}");
        assertThat(second).matches("[0-9a-f]{64}").isNotEqualTo(first);
    }

    @Test
    void shouldUseTheConfiguredNonceSoThatEveryClusterNodeWritesOneGenesis() {
        assertThat(new GenesisModel(NONCE, "n1").genesisRecord().recordHash())
                .isEqualTo(new GenesisModel(NONCE, "n2").genesisRecord().recordHash());
        assertThat(new GenesisModel(NONCE, "").genesisRecord().text(LedgerIdentity.NONCE_FIELD))
                .isEqualTo(NONCE);
    }

    @Test
    void shouldWriteALegacyGenesisInClusterModeWithoutAConfiguredNonce() {
        assertThat(new GenesisModel("", "n1").genesisRecord().text(LedgerIdentity.NONCE_FIELD))
                .isNull();
    }

    @Test
    void shouldRefuseAMalformedConfiguredNonce() {
        assertThatThrownBy(() -> new GenesisModel("ABC", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consensus.ledger-nonce");
    }
}
