package io.datarun.gateway.intake;

import io.datarun.schemas.validation.Violation;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/** One pushed record after the door: accepted with its record, or rejected with every reason. */
public record PushItem(int index, Map<String, Object> raw, String subjectId, GenericRecord record,
        List<Violation> violations) {

    public boolean accepted() {
        return record != null;
    }
}
