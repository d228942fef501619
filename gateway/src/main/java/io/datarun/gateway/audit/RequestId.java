package io.datarun.gateway.audit;

import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of the current request, carried by its audit events and echoed in {@code X-Request-Id}:
 * the caller's own id when it sends a sane one (up to 64 of {@code [A-Za-z0-9._-]}), else a new UUID.
 */
@RequestScoped
public class RequestId {
    public static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private String value;

    /** Takes the caller's own id if it is sane and none was taken yet. */
    public void offer(String presented) {
        if (value == null && presented != null && SANE.matcher(presented).matches()) {
            value = presented;
        }
    }

    public String value() {
        if (value == null) {
            value = UUID.randomUUID().toString();
        }
        return value;
    }
}
