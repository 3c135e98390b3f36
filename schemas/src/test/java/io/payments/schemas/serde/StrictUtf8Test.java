package io.payments.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class StrictUtf8Test {

    @Test
    void wellFormedTextDecodesAsTheJdkDecodesIt() {
        for (String text : new String[] {"", "acct-000001", "Zoë ¥ \uD83D\uDCB6", "\uFFFD written on purpose"}) {
            assertThat(StrictUtf8.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
        }
    }

    @Test
    void everyMalformedFormIsRefusedInsteadOfReplaced() {
        byte[][] malformed = {
            {0x74, 0x78, 0x2D, (byte) 0xFF},              // a byte that never occurs in UTF-8
            {0x74, 0x78, 0x2D, (byte) 0xFE},
            {(byte) 0xC0, (byte) 0x80},                   // overlong U+0000
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},      // an encoded surrogate (CESU-8)
            {(byte) 0xE2, (byte) 0x82},                   // a sequence cut short
            {(byte) 0x80},                                // a continuation byte alone
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
        };
        for (byte[] bytes : malformed) {
            assertThatThrownBy(() -> StrictUtf8.decode(bytes)).isInstanceOf(StrictUtf8.InvalidUtf8Exception.class)
                    .hasMessageStartingWith("not valid UTF-8: " + bytes.length + " byte");
        }
        assertThatThrownBy(() -> StrictUtf8.decode(new byte[] {0x74, 0x78, 0x2D, (byte) 0xFF}))
                .hasMessage("not valid UTF-8: 4 bytes (74 78 2D FF)");
    }

    @Property(tries = 500)
    void aDecodedStringEncodesBackToExactlyItsBytes(@ForAll byte[] bytes) {
        String text;
        try {
            text = StrictUtf8.decode(bytes);
        } catch (StrictUtf8.InvalidUtf8Exception e) {
            assertThat(new String(bytes, StandardCharsets.UTF_8)).as("only malformed input is refused").contains("\uFFFD");
            return;
        }
        assertThat(text.getBytes(StandardCharsets.UTF_8)).isEqualTo(bytes);
    }
}
