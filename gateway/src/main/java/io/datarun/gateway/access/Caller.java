package io.datarun.gateway.access;

import io.datarun.schemas.validation.DivisionCode;
import java.util.Optional;
import java.util.Set;

/**
 * The authenticated user a request acts for, as the token states it: a user id, the department
 * the user works for, the roles, and the administrative divisions the user serves.
 * {@code divisionLimited} is whether the token carries a {@code divisions} claim at all: without
 * the claim the user serves the whole department; with it, exactly the divisions listed, so an
 * empty list reaches nothing (an identity provider that empties the list must not widen access).
 */
public record Caller(String userId, String department, Set<String> roles, Set<String> divisions,
        boolean divisionLimited) {

    /** A caller whose token limits it to {@code divisions} when there are any, else department-wide. */
    public Caller(String userId, String department, Set<String> roles, Set<String> divisions) {
        this(userId, department, roles, divisions, !divisions.isEmpty());
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /**
     * Whether the token lets the caller touch a record registered in {@code division}: always when
     * the token names no divisions; otherwise only a record whose division lies within one of them
     * (a record without a division is out of a limited caller's reach).
     */
    public boolean reaches(Optional<String> division) {
        if (!divisionLimited) {
            return true;
        }
        return division.filter(d -> divisions.stream().anyMatch(area -> DivisionCode.within(d, area))).isPresent();
    }
}
