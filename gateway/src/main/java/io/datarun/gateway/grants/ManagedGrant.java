package io.datarun.gateway.grants;

import io.datarun.gateway.access.Grant;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A grant as the grants API shows it: its {@code id}, where it comes from ({@code file}: the
 * deployment's grants file, read-only through the API; {@code api}: created by a steward and
 * kept in Kafka), the owner department of its dataset, and who created and last changed it.
 */
public record ManagedGrant(String id, String origin, String owner, Grant grant,
        String createdBy, Instant createdAt, String changedBy, Instant changedAt) {
    public static final String FILE = "file";
    public static final String API = "api";

    /**
     * The grant's version for HTTP conditional requests: changes with every change. A client that
     * read the grant sends it back as {@code If-Match}, so a change made meanwhile by another
     * steward is not silently overwritten.
     */
    public String etag() {
        return "\"" + changedAt.getEpochSecond() + "." + changedAt.getNano() + "\"";
    }

    public boolean readOnly() {
        return FILE.equals(origin);
    }

    public boolean current(LocalDate today) {
        return grant.expires().map(end -> !today.isAfter(end)).orElse(true);
    }
}
