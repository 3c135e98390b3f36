package io.payments.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EchoTest {

    @Test
    void controlsLoneSurrogatesAndTheReplacementCharacterAreEscaped() {
        assertThat(Echo.escaped("a\u0000b\u0007c\u007f\u0085d")).isEqualTo("a\\u0000b\\u0007c\\u007F\\u0085d");
        assertThat(Echo.escaped("x\uD800y\uDC00")).isEqualTo("x\\uD800y\\uDC00");
        assertThat(Echo.escaped("bad \uFFFD")).isEqualTo("bad \\uFFFD");
    }

    @Test
    void everythingElsePassesUnchangedPairedSurrogatesIncluded() {
        String text = "Zoë – ¥100 \uD83D\uDCB6 \\u0000 tab-free";
        assertThat(Echo.escaped(text)).isSameAs(text);
        assertThat(Echo.isClean(text)).isTrue();
        assertThat(Echo.escaped(null)).isNull();
    }

    @Test
    void longTextIsCutAfterEscapingWithoutSplittingAPair() {
        assertThat(Echo.cut("d".repeat(81))).isEqualTo("d".repeat(80) + "…");
        assertThat(Echo.cut("d".repeat(80))).isEqualTo("d".repeat(80));
        assertThat(Echo.cut("\u0000".repeat(20))).as("escaped first, then cut")
                .isEqualTo("\\u0000".repeat(13) + "\\u" + "…");
        String pairAtTheCut = "d".repeat(79) + "\uD83D\uDCB6";
        assertThat(Echo.cut(pairAtTheCut)).isEqualTo("d".repeat(79) + "…");
    }

    @Test
    void anEchoOfAMapKeepsTheFirstKeysWhateverTheMapsOrder() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            many.put("k" + (char) ('t' - i), "v\u0000");
        }
        Map<String, String> echoed = Echo.cutEntries(many, 16);

        assertThat(echoed).hasSize(16).containsKeys("ka", "kp").doesNotContainKeys("kq", "kt");
        assertThat(echoed.get("ka")).isEqualTo("v\\u0000");
        assertThat(Echo.cutEntries(null, 16)).isNull();
    }
}
