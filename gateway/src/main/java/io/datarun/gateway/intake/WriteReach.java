package io.datarun.gateway.intake;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.store.RecordStore;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.wire.RecordCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Whether a caller may write one subject's record of its own department's dataset: a token that names
 * divisions limits writes as it limits reads, so both the division of the record written and the
 * division of the record it replaces must lie within the token's divisions. A caller without a
 * {@code divisions} claim writes department-wide and costs no store lookup.
 */
@ApplicationScoped
public class WriteReach {
    private final RecordStore store;
    private final RecordCodec codec;

    public WriteReach(RecordStore store, RecordCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /** True when the caller may write {@code subjectId}'s record carrying {@code newDivision}. */
    public boolean allows(Caller caller, DatasetDescriptor dataset, String subjectId, Object newDivision) {
        if (!caller.divisionLimited()) {
            return true;
        }
        if (!caller.reaches(Optional.ofNullable(newDivision).map(Object::toString))) {
            return false;
        }
        if (subjectId == null || dataset.divisionField().isEmpty()) {
            return true;
        }
        Optional<byte[]> stored = store.find(dataset.id(), subjectId);
        if (stored.isEmpty()) {
            return true;
        }
        // a stored record without a division is out of a limited caller's reach, as it is for reads
        Object division = codec.decode(dataset.id(), stored.get()).get(dataset.divisionField().get());
        return caller.reaches(Optional.ofNullable(division).map(Object::toString));
    }
}
