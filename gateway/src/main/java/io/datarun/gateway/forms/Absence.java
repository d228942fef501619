package io.datarun.gateway.forms;

import io.datarun.gateway.access.AccessDecision;
import io.datarun.gateway.access.AccessPolicy;
import io.datarun.gateway.access.Caller;
import io.datarun.gateway.reads.ReadOutcome;
import io.datarun.schemas.catalog.DatasetDescriptor;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * When "no record" is an answer (未在保) rather than "unknown" (需填写), with no I/O. A source that has no
 * record of the subject says something only where the clerk's grant reaches the subject: the subject's
 * division must be known from a record the clerk was served (so it lies within the token's divisions),
 * and the grant on the empty source must show fields for that division. A caller without a grant, or
 * whose token or grant does not reach the subject, gets nothing here: absent and out of reach look alike
 * to it, exactly as a single read's 404 does.
 */
final class Absence {
    private final Function<String, DatasetDescriptor> datasets;
    private final AccessPolicy policy;
    private final Clock clock;

    Absence(Function<String, DatasetDescriptor> datasets, AccessPolicy policy, Clock clock) {
        this.datasets = datasets;
        this.policy = policy;
        this.clock = clock;
    }

    /** Per source dataset without a record: the fields the grant would have shown for this subject. */
    Map<String, Set<String>> reachedWithoutRecord(Caller caller, String purpose, Map<String, ReadOutcome> answers) {
        Optional<String> division = servedDivision(answers);
        Map<String, Set<String>> reached = new LinkedHashMap<>();
        answers.forEach((datasetId, answer) -> {
            if (!(answer instanceof ReadOutcome.NotFound)) {
                return;
            }
            DatasetDescriptor dataset = datasets.apply(datasetId);
            AccessDecision decision = policy.decide(caller, dataset, purpose, LocalDate.now(clock));
            if (!decision.allowed()) {
                return;
            }
            // a dataset keyed by division needs the subject's division to be known; one without asks for none
            Optional<Set<String>> fields = dataset.divisionField().isPresent()
                    ? division.map(d -> decision.visibleFields(Optional.of(d)))
                    : Optional.of(decision.visibleFields(Optional.empty()));
            fields.filter(f -> !f.isEmpty()).ifPresent(f -> reached.put(datasetId, f));
        });
        return reached;
    }

    /** The subject's division as a record the caller was served states it. */
    private Optional<String> servedDivision(Map<String, ReadOutcome> answers) {
        for (Map.Entry<String, ReadOutcome> entry : answers.entrySet()) {
            if (entry.getValue() instanceof ReadOutcome.Served served) {
                Optional<String> division = datasets.apply(entry.getKey()).divisionField()
                        .map(served.view().fields()::get).filter(v -> v != null && !v.toString().isBlank())
                        .map(Object::toString);
                if (division.isPresent()) {
                    return division;
                }
            }
        }
        return Optional.empty();
    }
}
