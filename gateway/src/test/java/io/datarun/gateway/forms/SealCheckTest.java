package io.datarun.gateway.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datarun.gateway.failure.LockedFieldChanged;
import io.datarun.gateway.failure.SealRefused;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A submission's seal: authentic, for this form and subject, fresh, and no locked value altered. */
class SealCheckTest {
    static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    static final FormSeal SEAL = new FormSeal("a-test-key-of-sixteen-or-more");
    static final FormDefinition FORM = new FormDefinition("f", 2, Map.of(), "p", "person", List.of(), "test");
    static final String SUBJECT = "110101195803215030";
    static final SealCheck CHECK = new SealCheck(SEAL, Clock.fixed(NOW, ZoneOffset.UTC));

    static String seal(String form, int version, String subject, Instant at, Map<String, Object> locked) {
        return SEAL.sign(new FormSeal.Payload(form, version, subject, at, locked));
    }

    @Test
    void aFreshSealOfThisFormAndSubjectIsAccepted() {
        FormSeal.Payload payload = CHECK.verify(FORM, SUBJECT, seal("f", 2, SUBJECT, NOW.minusSeconds(60), Map.of("name", "张三")));
        assertThat(payload.locked()).containsEntry("name", "张三");
    }

    @Test
    void anAlteredSealIsRefused() {
        String token = seal("f", 2, SUBJECT, NOW, Map.of("name", "张三"));
        String forged = SEAL.sign(new FormSeal.Payload("f", 2, SUBJECT, NOW, Map.of("name", "李四"))).split("\\.")[0]
                + "." + token.split("\\.")[1];
        assertThatThrownBy(() -> CHECK.verify(FORM, SUBJECT, forged)).isInstanceOfSatisfying(SealRefused.class,
                e -> assertThat(e.reason()).isEqualTo(SealRefused.Reason.INVALID));
        assertThatThrownBy(() -> CHECK.verify(FORM, SUBJECT, null)).isInstanceOf(SealRefused.class);
    }

    @Test
    void aSealOfAnotherFormVersionOrSubjectIsRefused() {
        for (String token : List.of(seal("g", 2, SUBJECT, NOW, Map.of()), seal("f", 1, SUBJECT, NOW, Map.of()),
                seal("f", 2, "110101195803215049", NOW, Map.of()))) {
            assertThatThrownBy(() -> CHECK.verify(FORM, SUBJECT, token)).isInstanceOfSatisfying(SealRefused.class,
                    e -> assertThat(e.code()).isEqualTo("seal-mismatch"));
        }
    }

    @Test
    void aSealOlderThanItsLifetimeIsRefused() {
        String old = seal("f", 2, SUBJECT, NOW.minus(SealCheck.SEAL_LIFETIME).minusSeconds(1), Map.of());
        assertThatThrownBy(() -> CHECK.verify(FORM, SUBJECT, old)).isInstanceOfSatisfying(SealRefused.class,
                e -> assertThat(e.code()).isEqualTo("seal-expired"));
    }

    @Test
    void aLockedValueMayBeKeptOrLeftOutButNotChanged() {
        FormSeal.Payload sealed = new FormSeal.Payload("f", 2, SUBJECT, NOW, Map.of("name", "张三"));
        SealCheck.requireLockedUnchanged(FORM, sealed, Map.of("name", "张三"));
        SealCheck.requireLockedUnchanged(FORM, sealed, Map.of());

        assertThatThrownBy(() -> SealCheck.requireLockedUnchanged(FORM, sealed, Map.of("name", "李四")))
                .isInstanceOfSatisfying(LockedFieldChanged.class, e -> {
                    assertThat(e.errors()).extracting(err -> err.field()).containsExactly("name");
                    assertThat(e.detail()).contains("POST /api/v1/disputes");
                });
    }

    @Test
    void aConflictKeepsOneOfItsSourcesValuesAndNothingElse() {
        List<Object> candidates = List.of("张三", "张叁");
        assertThat(SealCheck.keptValue(candidates, "张叁")).contains("张叁");
        assertThat(SealCheck.keptValue(candidates, "李四")).isEmpty();
        assertThat(SealCheck.keptValue(candidates, null)).as("a conflict must be resolved by the clerk").isEmpty();
        assertThat(SealCheck.keptValue("张三", null)).as("a prefilled value left out is kept").contains("张三");
    }

    @Test
    void aCorrectableValueChangesOnlyWithAReasonAndAnAbsentFieldTakesNoValue() {
        FormSeal.Payload sealed = new FormSeal.Payload("f", 2, SUBJECT, NOW, Map.of("bankAccount", "111111111111", "name", "张三"),
                "civil-affairs/u", List.of("bankAccount"), List.of("status"));
        FormSeal.Payload read = CHECK.verify(FORM, SUBJECT, SEAL.sign(sealed));
        assertThat(read.correctable()).containsExactly("bankAccount");
        assertThat(read.absent()).containsExactly("status");

        assertThat(SealCheck.requireLockedUnchanged(FORM, read, Map.of("bankAccount", "222222222222"),
                Map.of("bankAccount", "换卡"))).containsExactly("bankAccount");
        assertThatThrownBy(() -> SealCheck.requireLockedUnchanged(FORM, read, Map.of("bankAccount", "222222222222"), Map.of()))
                .isInstanceOfSatisfying(io.datarun.gateway.failure.ValidationFailed.class, e -> assertThat(e.errors())
                        .extracting(io.datarun.gateway.failure.FieldError::code).containsExactly("correction-reason-required"));
        assertThatThrownBy(() -> SealCheck.requireLockedUnchanged(FORM, read, Map.of("name", "李四"), Map.of("name", "改名")))
                .isInstanceOfSatisfying(LockedFieldChanged.class, e -> assertThat(e.errors())
                        .extracting(io.datarun.gateway.failure.FieldError::field).containsExactly("name"));
        assertThatThrownBy(() -> SealCheck.requireLockedUnchanged(FORM, read, Map.of("status", "ACTIVE"), Map.of()))
                .isInstanceOfSatisfying(LockedFieldChanged.class, e -> assertThat(e.errors())
                        .extracting(io.datarun.gateway.failure.FieldError::field).containsExactly("status"));
        // unchanged, or left blank: nothing to correct
        assertThat(SealCheck.requireLockedUnchanged(FORM, read, Map.of("bankAccount", "111111111111", "status", ""), Map.of()))
                .isEmpty();
    }
}
