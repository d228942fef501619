package io.datarun.gateway.changes;

import java.util.List;

/** One page of the change feed and the cursor to resume after it (pass it as {@code after}). */
public record ChangePage(String dataset, String purpose, List<Change> changes, String next) {
}
