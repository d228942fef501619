package io.datarun.schemas.catalog;

import java.util.Locale;

/** Whom a record is about, which decides how its subject identifier is validated. */
public enum SubjectType {
    /** A resident, identified by the GB 11643 resident ID number. */
    PERSON,
    /** An enterprise, identified by the GB 32100 unified social credit code. */
    ENTERPRISE,
    /** A household, identified by its household number. */
    HOUSEHOLD;

    public static SubjectType parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown subject type '" + value
                    + "', expected one of person, enterprise, household", e);
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
