package io.datarun.gateway.usage;

import java.time.Instant;

/**
 * One served read, as usage counts it: which dataset, which department and user, for which
 * purpose, when. No subject and no field values: usage statistics carry no personal data.
 */
public record AccessEvent(String dataset, String department, String user, String purpose, Instant at) {
}
