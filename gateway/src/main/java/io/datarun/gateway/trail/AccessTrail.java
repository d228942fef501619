package io.datarun.gateway.trail;

import java.util.List;

/**
 * A resident's access trail, newest first; {@code complete} is false when the scan stopped at its
 * bound before the beginning of the audit topic (older reads may exist).
 */
public record AccessTrail(List<TrailEntry> reads, int count, boolean complete) {
}
