package io.datarun.gateway.api;

import io.datarun.gateway.failure.FieldError;
import io.datarun.gateway.failure.InvalidParameter;

/** The {@code limit} query parameter of paged endpoints: a whole number in range, else a 400 naming it. */
final class QueryLimits {
    private QueryLimits() {
    }

    static int limit(String value, int defaultLimit, int maxLimit) {
        if (value == null || value.isBlank()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= maxLimit) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidParameter("limit is a whole number from 1 to " + maxLimit + ".",
                new FieldError("limit", "range", "must be 1.." + maxLimit));
    }
}
