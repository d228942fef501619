package io.datarun.gateway.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormSealTest {
    final FormSeal seal = new FormSeal("a-test-key-of-enough-length");

    @Test
    void whenSealedValuesAreReadBackThenTheyAreUnchanged() {
        FormSeal.Payload payload = new FormSeal.Payload("f", 3, "110105194803021010", Instant.parse("2026-11-27T10:00:00Z"),
                Map.of("name", "张三", "income", 1500.5, "household", List.of("H1", "H2")));

        FormSeal.Payload back = seal.verify(seal.sign(payload));

        assertThat(back).isEqualTo(payload);
        assertThat(FormSeal.isConflict(back.locked().get("household"))).isTrue();
    }

    @Test
    void whenThePayloadIsAlteredOrTheKeyDiffersThenTheSealIsRefused() {
        String token = seal.sign(new FormSeal.Payload("f", 1, "s", Instant.now(), Map.of("name", "张三")));
        String forged = seal.sign(new FormSeal.Payload("f", 1, "s", Instant.now(), Map.of("name", "李四")));
        String spliced = forged.substring(0, forged.indexOf('.')) + token.substring(token.indexOf('.'));

        assertThatThrownBy(() -> seal.verify(spliced)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FormSeal("another-key-of-enough-length").verify(token))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> seal.verify("garbage")).isInstanceOf(IllegalArgumentException.class);
    }
}
