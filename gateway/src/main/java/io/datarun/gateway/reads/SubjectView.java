package io.datarun.gateway.reads;

import java.util.List;

/**
 * One subject across every dataset the caller may read for the purpose: the records found, and the
 * datasets of the subject's type the caller's department holds no grant on (names only: the catalog
 * is public, whether a record exists there is not).
 */
public record SubjectView(String subjectId, String purpose, List<RecordView> records, List<String> notGranted) {
}
