package io.datarun.connectors.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets sealed for the declarations topic open only for their connector, with the same key. */
class SecretBoxTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("another key of thirty-two bytes!".getBytes(
            StandardCharsets.US_ASCII));

    @Test
    void aSealedBoxOpensForItsConnectorAndHidesTheValues() {
        SecretBox box = new SecretBox(KEY);
        String sealed = box.seal("health-feed", Map.of("TOKEN", "s3cr3t-value"));
        assertThat(new String(Base64.getDecoder().decode(sealed), StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t");
        assertThat(box.open("health-feed", sealed)).isEqualTo(Map.of("TOKEN", "s3cr3t-value"));
    }

    @Test
    void aBoxCopiedUnderAnotherConnectorOrOpenedWithAnotherKeyDoesNotOpen() {
        String sealed = new SecretBox(KEY).seal("health-feed", Map.of("TOKEN", "x"));
        assertThatThrownBy(() -> new SecretBox(KEY).open("civil-affairs-feed", sealed))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not open");
        assertThatThrownBy(() -> new SecretBox(OTHER_KEY).open("health-feed", sealed))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyThatIsNotThirtyTwoBytesIsRefusedAtStart() {
        assertThatThrownBy(() -> new SecretBox(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("expected 32 bytes");
    }
}
