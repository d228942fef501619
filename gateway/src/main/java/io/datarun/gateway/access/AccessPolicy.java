package io.datarun.gateway.access;

import io.datarun.schemas.catalog.DatasetDescriptor;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * Deny by default: a department reads its own datasets in full; any other department reads only
 * what a current grant names for the stated purpose.
 */
public final class AccessPolicy {
    private final Supplier<List<Grant>> grants;

    /** Decides on the grants {@code grants} supplies at each decision (they change at run time). */
    public AccessPolicy(Supplier<List<Grant>> grants) {
        this.grants = grants;
    }

    public AccessDecision decide(Caller caller, DatasetDescriptor dataset, String purpose, LocalDate today) {
        boolean owner = dataset.owner().equals(caller.department());
        List<Grant> matching = owner ? List.of() : grants.get().stream()
                .filter(g -> g.covers(caller.department(), dataset.id(), purpose, today))
                .toList();
        return new AccessDecision(owner, matching, new LinkedHashSet<>(dataset.fieldNames()), caller::reaches);
    }

    /** Departments holding at least one current grant on the dataset (the catalog's consumers). */
    public List<String> consumersOf(String datasetId, LocalDate today) {
        return grants.get().stream()
                .filter(g -> g.dataset().equals(datasetId))
                .filter(g -> g.expires().map(end -> !today.isAfter(end)).orElse(true))
                .map(Grant::consumer)
                .distinct()
                .sorted()
                .toList();
    }
}
