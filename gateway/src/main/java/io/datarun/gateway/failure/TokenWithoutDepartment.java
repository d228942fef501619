package io.datarun.gateway.failure;

import java.util.List;

/** A verified token that names no department: it cannot match any grant. */
public final class TokenWithoutDepartment extends DomainFailure {
    public static final String CODE = "token-without-department";

    public TokenWithoutDepartment() {
        super(FailureKind.REFUSED, CODE, "The token carries no 'dept' claim naming your department.", List.of());
    }
}
