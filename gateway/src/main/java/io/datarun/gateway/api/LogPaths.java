package io.datarun.gateway.api;

import java.util.regex.Pattern;

/**
 * A request path as a log line may show it: every segment that could be an identifier (a subject
 * id, a record, dispute or grant id — anything with a run of digits, or long) becomes {@code {id}},
 * so {@code /api/v1/datasets/x/records/110105194803021010} logs as {@code .../records/{id}}.
 * Dataset, form and endpoint names have no digit runs and stay readable.
 */
final class LogPaths {
    private static final Pattern IDENTIFIER = Pattern.compile(".*\\d{4,}.*|.{41,}");

    private LogPaths() {
    }

    static String redact(String path) {
        if (path == null) {
            return null;
        }
        String[] segments = path.split("/", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(IDENTIFIER.matcher(segments[i]).matches() ? "{id}" : segments[i]);
        }
        return out.toString();
    }
}
