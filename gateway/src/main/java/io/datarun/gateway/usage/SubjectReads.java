package io.datarun.gateway.usage;

import java.time.Instant;
import java.util.List;

/**
 * Reads of one subject's record in one dataset, oldest first; kept in the stores in the binary form of
 * {@link SubjectReadLog}.
 */
public record SubjectReads(List<Read> reads) {
    public static final SubjectReads NONE = new SubjectReads(List.of());

    /** One read: by whom, why, when. */
    public record Read(String department, String user, String purpose, Instant at) {
        /** The same read at {@code time}. */
        public Read at(Instant time) {
            return new Read(department, user, purpose, time);
        }
    }

    /** The key of a subject's reads, in the store and on {@code datarun._reads}. */
    public static String key(String dataset, String subjectId) {
        return dataset + "|" + subjectId;
    }
}
