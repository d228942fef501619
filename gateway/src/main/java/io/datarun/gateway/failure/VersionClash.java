package io.datarun.gateway.failure;

import java.util.List;

/** The version number is not the next one, or another schema took that version first. */
public final class VersionClash extends DomainFailure {
    public static final String CODE = "version-clash";

    public VersionClash(String detail) {
        super(FailureKind.CONFLICT, CODE, detail, List.of());
    }
}
