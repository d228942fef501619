package io.datarun.gateway.forms;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The subject's household on a form: the other members found in {@code dataset} with the same
 * {@code by} value (the household number), each cut to the fields the clerk's grant shows. A member
 * the clerk may not see (another division) is left out without a trace. {@code complete} is false
 * {@code fieldLabels} names the fields and {@code symbolLabels} each coded value (MALE → 男 / Male) for
 * people, from the dataset's schema. {@code complete} is false
 * when this replica does not host every partition of the dataset (then members may be missing).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HouseholdView(String form, String subject, String purpose, Map<String, String> label, String dataset,
        String by, Object value, Map<String, Map<String, String>> fieldLabels,
        Map<String, Map<String, Map<String, String>>> symbolLabels, List<Member> members, boolean complete) {

    /** One member: the subject id and the visible fields of the member's record. */
    public record Member(String subjectId, Map<String, Object> fields) {
    }
}
