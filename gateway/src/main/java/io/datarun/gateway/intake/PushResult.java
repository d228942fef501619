package io.datarun.gateway.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.datarun.gateway.failure.FieldError;
import java.util.List;

/** The per-item answer to a push: how many were accepted and, for each item, its fate. */
public record PushResult(String dataset, int accepted, int rejected, List<Item> items) {

    /** One item: accepted with its subject and record id, or rejected with its failing fields. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Item(int index, String status, String subjectId, String id, List<FieldError> errors) {
    }
}
