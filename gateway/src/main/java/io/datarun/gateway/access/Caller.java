package io.datarun.gateway.access;

import java.util.Set;

/**
 * The authenticated user a request acts for, as the token states it: a user id, the department
 * the user works for, the roles, and the administrative divisions the user serves (empty: not
 * restricted by the token).
 */
public record Caller(String userId, String department, Set<String> roles, Set<String> divisions) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
