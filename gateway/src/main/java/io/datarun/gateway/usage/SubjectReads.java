package io.datarun.gateway.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The latest reads of one subject's record in one dataset, newest last, at most {@value #KEEP}. */
public record SubjectReads(List<Read> reads) {
    public static final int KEEP = 200;
    public static final SubjectReads NONE = new SubjectReads(List.of());

    public SubjectReads plus(AccessEvent event) {
        List<Read> next = new ArrayList<>(reads);
        next.add(new Read(event.department(), event.user(), event.purpose(), event.at()));
        if (next.size() > KEEP) {
            next = next.subList(next.size() - KEEP, next.size());
        }
        return new SubjectReads(List.copyOf(next));
    }

    /** One read: by whom, why, when. */
    public record Read(String department, String user, String purpose, Instant at) {
    }

    public static String key(String dataset, String subjectId) {
        return dataset + "|" + subjectId;
    }
}
