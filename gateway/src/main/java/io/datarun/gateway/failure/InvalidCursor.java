package io.datarun.gateway.failure;

import java.util.List;

/** A cursor this API did not hand out. */
public final class InvalidCursor extends DomainFailure {
    public static final String CODE = "invalid-cursor";

    public InvalidCursor(String why) {
        super(FailureKind.INVALID, CODE, "after is a cursor this API returned as 'next' (" + why + ").", List.of(new FieldError("after", CODE, "is not a cursor of this feed")));
    }
}
