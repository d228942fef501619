package io.datarun.gateway.usage;

import java.time.Instant;
import java.util.List;

/**
 * The latest reads of one subject's record in one dataset, newest last, at most {@value #KEEP}; kept
 * in the store in the binary form of {@link SubjectReadLog}.
 */
public record SubjectReads(List<Read> reads) {
    public static final int KEEP = 200;
    public static final SubjectReads NONE = new SubjectReads(List.of());

    /** One read: by whom, why, when. */
    public record Read(String department, String user, String purpose, Instant at) {
    }

    /** The key of a subject's reads, in the store and on {@code datarun._reads}. */
    public static String key(String dataset, String subjectId) {
        return dataset + "|" + subjectId;
    }
}
