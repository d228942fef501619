package io.datarun.gateway.access;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a caller may see of one dataset for one purpose. Fields depend on the record, because a
 * grant may reach only some divisions: ask {@link #visibleFields(Optional)} per record.
 */
public final class AccessDecision {
    private final boolean owner;
    private final List<Grant> grants;
    private final Set<String> allFields;
    private final Predicate<Optional<String>> tokenReaches;

    AccessDecision(boolean owner, List<Grant> grants, Set<String> allFields, Predicate<Optional<String>> tokenReaches) {
        this.owner = owner;
        this.grants = grants;
        this.allFields = allFields;
        this.tokenReaches = tokenReaches;
    }

    /** Everything, everywhere: only for the benchmark with enforcement switched off. */
    public static AccessDecision unrestricted(Set<String> allFields) {
        return new AccessDecision(true, List.of(), allFields, division -> true);
    }

    public boolean allowed() {
        return owner || !grants.isEmpty();
    }

    /**
     * The fields the caller may see of a record registered in {@code division}; empty when the
     * record lies outside every division the caller's token or grants reach.
     */
    public Set<String> visibleFields(Optional<String> division) {
        if (!tokenReaches.test(division)) {
            return Set.of();
        }
        if (owner) {
            return allFields;
        }
        Set<String> fields = new LinkedHashSet<>();
        for (Grant grant : grants) {
            if (division.isEmpty() ? grant.divisions().isEmpty() : grant.reaches(division.get())) {
                fields.addAll(grant.fields());
            }
        }
        return fields;
    }

}
