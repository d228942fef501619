package io.datarun.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.failure.NoGrant;
import io.datarun.gateway.failure.RecordNotFound;
import io.datarun.gateway.failure.Unavailable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every audited path goes through this guard: an answer never leaves without its event. */
class AuditedOperationTest {
    static final Caller CLERK = new Caller("clerk-1", "civil-affairs", Set.of("clerk"), Set.of());
    static final AuditTarget TARGET = AuditTarget.of("public-security.household-registry", "110101195803215030", "p");

    final List<AuditEntry> recorded = new ArrayList<>();
    final AuditedOperation audited = new AuditedOperation(recorded::addAll);

    @Test
    void aSuccessIsRecordedAsWhatTheOperationDid() {
        String result = audited.run(CLERK, AuditAction.READ, TARGET, () -> "view",
                view -> AuditEntry.of(CLERK, AuditAction.READ, TARGET.dataset(), TARGET.subjectId(), List.of("name"), "p",
                        AuditOutcome.OK, null));

        assertThat(result).isEqualTo("view");
        assertThat(recorded).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("read");
            assertThat(e.outcome()).isEqualTo("ok");
            assertThat(e.fields()).containsExactly("name");
            assertThat(e.user()).isEqualTo("clerk-1");
        });
    }

    @Test
    void aRefusalIsRecordedWithItsCodeAndRethrown() {
        NoGrant refusal = NoGrant.on("civil-affairs", TARGET.dataset(), "p");
        assertThatThrownBy(() -> audited.run(CLERK, AuditAction.READ, TARGET, () -> {
            throw refusal;
        }, view -> null)).isSameAs(refusal);

        assertThat(recorded).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("refused-no-grant");
            assertThat(e.dataset()).isEqualTo(TARGET.dataset());
            assertThat(e.subjectId()).isEqualTo(TARGET.subjectId());
            assertThat(e.fields()).isEmpty();
        });
    }

    @Test
    void notFoundAndFailuresHaveTheirOwnOutcomes() {
        assertThat(AuditOutcome.of(new RecordNotFound("x")).wire()).isEqualTo("not-found");
        assertThat(AuditOutcome.of(new Unavailable(Unavailable.Part.STORE_STARTING)).wire()).isEqualTo("failed-store-starting");
        assertThat(AuditOutcome.of(new IllegalStateException("bug")).wire()).isEqualTo("failed-internal-error");
    }

    @Test
    void whenTheEventCannotBeWrittenTheResultIsNotAnswered() {
        AuditedOperation failing = new AuditedOperation(entries -> {
            throw new Unavailable(Unavailable.Part.AUDIT);
        });
        assertThatThrownBy(() -> failing.run(CLERK, AuditAction.READ, TARGET, () -> "secret", view -> AuditEntry.of(CLERK,
                AuditAction.READ, null, null, List.of(), null, AuditOutcome.OK, null)))
                .isInstanceOfSatisfying(Unavailable.class, e -> assertThat(e.code()).isEqualTo("audit-unavailable"));
    }
}
