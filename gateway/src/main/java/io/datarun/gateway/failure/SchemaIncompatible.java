package io.datarun.gateway.failure;

import java.util.List;

/** A new schema version that an earlier one cannot read, or that cannot read an earlier one; each error names the break. */
public final class SchemaIncompatible extends DomainFailure {
    public static final String CODE = "schema-incompatible";

    public SchemaIncompatible(String detail, List<FieldError> errors) {
        super(FailureKind.CONFLICT, CODE, detail, errors);
    }
}
