package io.datarun.gateway.failure;

import java.util.List;

/** A schema sent for registration is not Avro, or lacks or misstates its {@code datarun.*} properties. */
public final class InvalidSchema extends DomainFailure {
    public static final String CODE = "invalid-schema";

    public InvalidSchema(String detail, List<FieldError> errors) {
        super(FailureKind.UNPROCESSABLE, CODE, detail, errors);
    }
}
