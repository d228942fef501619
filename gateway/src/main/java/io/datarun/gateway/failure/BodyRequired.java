package io.datarun.gateway.failure;

import java.util.List;

/** A request without the body it needs. */
public final class BodyRequired extends DomainFailure {
    public static final String CODE = "body-required";

    public BodyRequired(String detail) {
        super(FailureKind.INVALID, CODE, detail, List.of());
    }
}
