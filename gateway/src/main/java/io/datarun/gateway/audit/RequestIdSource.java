package io.datarun.gateway.audit;

import java.util.Optional;

/** The id of the request being served, if the calling thread serves one (audit events carry it). */
@FunctionalInterface
public interface RequestIdSource {

    Optional<String> current();

    /** Outside requests: tools and tests. */
    RequestIdSource NONE = Optional::empty;
}
