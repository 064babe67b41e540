package org.tanji.chaincode.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** State builds composite keys itself; they must be byte for byte the ones Fabric's shim builds. */
class StateCompositeKeyTest {

    private static final String MAX_RUNE = new String(Character.toChars(0x10FFFF));

    @Test
    void keysAreTheShimsKeys() {
        List<String[]> cases = List.of(
                new String[] {"footprint"},
                new String[] {"footprint", "3f2c1e9a-0000-4000-8000-000000000001"},
                new String[] {"idx~certifier~label", "cb-anhui", "L1", "0"},
                new String[] {"碳迹", "电池包", ""},
                new String[] {"emoji", "\uD83D\uDD0B battery", "\uDBFF\uDFFE"});
        for (String[] c : cases) {
            String type = c[0];
            String[] attributes = java.util.Arrays.copyOfRange(c, 1, c.length);
            String ours = State.compositeKey(type, attributes);
            assertThat(ours).isEqualTo(new CompositeKey(type, attributes).toString());
            if (attributes.length > 0) {
                assertThat(State.lastAttribute(ours)).isEqualTo(attributes[attributes.length - 1]);
                if (!java.util.Arrays.asList(attributes).contains("")) {
                    // (the shim's parser drops empty attributes; our lastAttribute keeps them)
                    assertThat(CompositeKey.parseCompositeKey(ours).getAttributes()).containsExactly(attributes);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "\u0000", "x" + "\uDBFF\uDFFF", "\uDBFF\uDFFF"})
    void segmentsFabricRefusesAreRefused(String bad) {
        assertThatThrownBy(() -> new CompositeKey("t", bad)).isNotNull();
        assertThatThrownBy(() -> State.compositeKey("t", bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved character");
        assertThatThrownBy(() -> State.compositeKey(bad, "ok"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MAX_RUNE).isEqualTo("\uDBFF\uDFFF");
    }

    @Test
    void lastAttributeRefusesWhatIsNotACompositeKey() {
        assertThatThrownBy(() -> State.lastAttribute("plain-key")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> State.lastAttribute("\u0000type\u0000")).isInstanceOf(IllegalArgumentException.class);
    }
}
