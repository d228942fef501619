package io.datarun.gateway.access;

import io.datarun.gateway.failure.TokenWithoutDepartment;
import io.datarun.gateway.failure.TokenWithoutResident;
import io.datarun.schemas.catalog.SubjectType;
import io.datarun.schemas.validation.SubjectIds;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reads the caller from the verified JWT: claims {@code sub}, {@code dept}, {@code groups}, {@code divisions}. */
@RequestScoped
public class CallerResolver {
    private final JsonWebToken token;

    @Inject
    public CallerResolver(JsonWebToken token) {
        this.token = token;
    }

    public Caller current() {
        Object dept = token.getClaim("dept");
        if (!(dept instanceof String department) || department.isBlank()) {
            // a token without a department cannot be matched to any grant: refuse, don't guess
            throw new TokenWithoutDepartment();
        }
        // an absent claim: department-wide; a present one, even empty, limits the caller to what it lists
        return new Caller(token.getSubject(), department, Set.copyOf(token.getGroups()), divisions(),
                token.containsClaim("divisions"));
    }

    /**
     * The resident the token speaks for: its {@code residentId} claim, which must be a valid resident
     * ID number (the provider maps it from the user's attribute; the user cannot choose it).
     */
    public Resident resident() {
        Object claim = token.getClaim("residentId");
        String id = claim == null ? null : unquote(claim.toString()).strip();
        if (id == null || SubjectIds.problem(SubjectType.PERSON, id).isPresent()) {
            throw new TokenWithoutResident();
        }
        return new Resident(SubjectIds.normalize(SubjectType.PERSON, id), token.getSubject());
    }

    private Set<String> divisions() {
        Object claim = token.getClaim("divisions");
        Set<String> result = new LinkedHashSet<>();
        if (claim instanceof Collection<?> values) {
            values.forEach(v -> result.add(unquote(v.toString())));
        } else if (claim instanceof jakarta.json.JsonArray array) {
            array.forEach(v -> result.add(unquote(v.toString())));
        } else if (claim != null) {
            result.add(unquote(claim.toString()));
        }
        return Set.copyOf(result);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
