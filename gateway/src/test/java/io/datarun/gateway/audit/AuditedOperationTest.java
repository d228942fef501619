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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
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

    /** A sink that keeps what was offered and commits only when the test says so, as the audit writer does later. */
    static final class LaterSink implements AuditSink {
        final List<AuditEntry> committed = new ArrayList<>();
        final List<AuditEntry> offered = new ArrayList<>();
        final List<CompletableFuture<Void>> waiting = new ArrayList<>();
        List<AuditEntry> pending = List.of();

        @Override
        public void record(List<AuditEntry> entries) {
            throw new AssertionError("an event-loop read must not wait for its event on the calling thread");
        }

        @Override
        public CompletionStage<Void> recordAsync(List<AuditEntry> entries) {
            pending = entries;
            CompletableFuture<Void> commit = new CompletableFuture<>();
            waiting.add(commit);
            return commit;
        }

        @Override
        public void offer(List<AuditEntry> entries) {
            offered.addAll(entries);
        }

        void commit() {
            committed.addAll(pending);
            waiting.forEach(w -> w.complete(null));
        }
    }

    @Test
    void anAsyncSuccessIsAnsweredOnlyOnceItsEventIsCommitted() throws Exception {
        LaterSink sink = new LaterSink();
        CompletableFuture<String> answer = new AuditedOperation(sink).runAsync(CLERK, AuditAction.READ, TARGET,
                () -> "view", view -> AuditEntry.of(CLERK, AuditAction.READ, TARGET.dataset(), TARGET.subjectId(),
                        List.of("name"), "p", AuditOutcome.OK, null)).toCompletableFuture();

        assertThat(answer).isNotDone();
        sink.commit();
        assertThat(answer.get()).isEqualTo("view");
        assertThat(sink.committed).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo("ok"));
    }

    @Test
    void anAsyncRefusalIsRecordedBeforeItIsAnswered() {
        LaterSink sink = new LaterSink();
        NoGrant refusal = NoGrant.on("civil-affairs", TARGET.dataset(), "p");
        CompletableFuture<String> answer = new AuditedOperation(sink).<String>runAsync(CLERK, AuditAction.READ, TARGET,
                () -> {
                    throw refusal;
                }, view -> null).toCompletableFuture();

        assertThat(answer).isNotDone();
        sink.commit();
        assertThatThrownBy(answer::get).isInstanceOf(ExecutionException.class).hasCauseReference(refusal);
        assertThat(sink.committed).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo("refused-no-grant"));
    }

    @Test
    void anAsyncResultWhoseEventCannotBeWrittenIsNotAnswered() {
        AuditSink failing = new AuditSink() {
            @Override
            public void record(List<AuditEntry> entries) {
                throw new Unavailable(Unavailable.Part.AUDIT);
            }
        };
        CompletableFuture<String> answer = new AuditedOperation(failing).runAsync(CLERK, AuditAction.READ, TARGET,
                () -> "secret", view -> AuditEntry.of(CLERK, AuditAction.READ, null, null, List.of(), null,
                        AuditOutcome.OK, null)).toCompletableFuture();

        assertThatThrownBy(answer::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(Unavailable.class, e -> assertThat(e.code()).isEqualTo("audit-unavailable"));
    }

    @Test
    void anAsyncOperationThatFoundAPartUnavailableIsAnsweredWithoutWaitingForItsEvent() {
        LaterSink sink = new LaterSink();
        Unavailable stores = new Unavailable(Unavailable.Part.STORE_STARTING);
        CompletableFuture<String> answer = new AuditedOperation(sink).<String>runAsync(CLERK, AuditAction.READ, TARGET,
                () -> {
                    throw stores;
                }, view -> null).toCompletableFuture();

        assertThatThrownBy(answer::get).isInstanceOf(ExecutionException.class).hasCauseReference(stores);
        assertThat(sink.offered).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo("failed-store-starting"));
        assertThat(sink.waiting).isEmpty();
    }
}
