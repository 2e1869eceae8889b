package ml.consensus.cluster;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StagedEntryTests {

    @Test
    void shouldWriteTheDocumentedLayout() {
        StagedEntry staged = new StagedEntry(0x0102, new byte[] {(byte) 0xab, (byte) 0xcd});

        assertThat(HexFormat.of().formatHex(staged.toBytes())).isEqualTo("01" + "0000000000000102" + "abcd");
    }

    @Test
    void shouldReadBackWhatItWrote() {
        StagedEntry conditional = new StagedEntry(42, RecordingEntries.bytes("block 7"));
        StagedEntry unconditional = StagedEntry.unconditional(new byte[0]);

        assertThat(StagedEntry.parse(conditional.toBytes())).isEqualTo(conditional);
        assertThat(StagedEntry.parse(unconditional.toBytes())).isEqualTo(unconditional);
        assertThat(StagedEntry.parse(unconditional.toBytes()).isConditional()).isFalse();
        assertThat(StagedEntry.parse(conditional.toBytes()).isConditional()).isTrue();
    }

    @Test
    void shouldCopyTheEntryInAndOut() {
        byte[] bytes = {1, 2, 3};
        StagedEntry staged = new StagedEntry(1, bytes);
        bytes[0] = 9;
        staged.entry()[1] = 9;

        assertThat(staged.entry()).containsExactly(1, 2, 3);
    }

    @Test
    void shouldRefuseBytesThatAreNotAStagedEntry() {
        assertThatThrownBy(() -> StagedEntry.parse(new byte[] {1, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header");
        byte[] otherFormat = new StagedEntry(1, new byte[0]).toBytes();
        otherFormat[0] = 2;
        assertThatThrownBy(() -> StagedEntry.parse(otherFormat))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format 2");
    }

    @Test
    void shouldRefuseAConditionBelowTheUnconditionalMarker() {
        assertThatThrownBy(() -> new StagedEntry(-2, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
