package io.datarun.gateway.forms;

import java.util.List;
import java.util.Map;

/** A form filled with what the departments know of one subject, and the seal locking those values. */
public record FormPrefill(String form, int version, Map<String, String> title, String subject, String purpose,
        List<FieldPrefill> fields, Summary summary, String seal) {

    /** How many fields of each status. */
    public record Summary(int fields, int prefilled, int conflict, int withheld, int manual, int absent) {
    }
}
