package io.datarun.gateway.grants;

import com.fasterxml.jackson.databind.JsonNode;
import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.Grant;
import io.datarun.gateway.access.Guards;
import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTarget;
import io.datarun.gateway.audit.AuditedOperation;
import io.datarun.gateway.failure.GrantChanged;
import io.datarun.gateway.failure.GrantNotFound;
import io.datarun.gateway.failure.GrantReadOnly;
import io.datarun.gateway.failure.InvalidGrant;
import io.datarun.gateway.failure.NotOwnerSteward;
import io.datarun.gateway.failure.SelfGrant;
import io.datarun.gateway.grants.GrantLog;
import io.datarun.gateway.grants.GrantRegistry;
import io.datarun.gateway.grants.GrantValidator;
import io.datarun.gateway.grants.ManagedGrant;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Grants managed by the owner department's stewards (and admins). A steward sees and changes only
 * the grants of datasets its department owns; any other grant answers exactly like a missing one
 * (404), so a steward learns nothing about other departments' grants beyond the catalog's
 * consumer list. Every change, and every refused change, is in the audit trail.
 */
@ApplicationScoped
public class GrantService {
    private static final Logger LOG = Logger.getLogger(GrantService.class);

    private final GrantRegistry grants;
    private final GrantLog log;
    private final GrantValidator validator;
    private final SchemaRegistry registry;
    private final AuditedOperation audited;
    private final Clock clock;

    public GrantService(GrantRegistry grants, GrantLog log, GrantValidator validator, SchemaRegistry registry,
            AuditedOperation audited, Clock clock) {
        this.grants = grants;
        this.log = log;
        this.validator = validator;
        this.registry = registry;
        this.audited = audited;
        this.clock = clock;
    }

    /** The grants the caller manages, optionally of one dataset and/or one consumer department. */
    public List<ManagedGrant> list(Caller caller, String dataset, String consumer) {
        return grants.all().stream()
                .filter(g -> manages(caller, g.grant().dataset()))
                .filter(g -> dataset == null || g.grant().dataset().equals(dataset))
                .filter(g -> consumer == null || g.grant().consumer().equals(consumer))
                .sorted(Comparator.comparing((ManagedGrant g) -> g.grant().dataset()).thenComparing(ManagedGrant::id))
                .toList();
    }

    public ManagedGrant get(Caller caller, String id) {
        return grants.find(id).filter(g -> manages(caller, g.grant().dataset())).orElseThrow(GrantService::notFound);
    }

    public ManagedGrant create(Caller caller, JsonNode body) {
        return audited(caller, AuditAction.GRANT_CREATE, body, () -> {
            Grant grant = valid(body);
            requireManages(caller, grant.dataset());
            refuseSelfGrant(caller, grant);
            Instant now = clock.instant();
            ManagedGrant created = new ManagedGrant("g-" + UUID.randomUUID(), ManagedGrant.API, owner(grant.dataset()), grant,
                    caller.userId(), now, caller.userId(), now);
            log.write(created.id(), created);
            return created;
        });
    }

    public ManagedGrant change(Caller caller, String id, JsonNode body, String ifMatch) {
        return audited(caller, AuditAction.GRANT_CHANGE, body, () -> {
            ManagedGrant existing = writable(caller, id, ifMatch);
            Grant grant = valid(body);
            requireManages(caller, grant.dataset());
            refuseSelfGrant(caller, grant);
            ManagedGrant changed = new ManagedGrant(id, ManagedGrant.API, owner(grant.dataset()), grant,
                    existing.createdBy(), existing.createdAt(), caller.userId(), clock.instant());
            log.write(id, changed);
            return changed;
        });
    }

    public ManagedGrant revoke(Caller caller, String id, String ifMatch) {
        return audited(caller, AuditAction.GRANT_REVOKE, null, () -> {
            ManagedGrant existing = writable(caller, id, ifMatch);
            log.write(id, null);
            return existing;
        });
    }

    /** Runs a change and records it (or its refusal) in the audit trail before answering. */
    private ManagedGrant audited(Caller caller, AuditAction action, JsonNode body, Supplier<ManagedGrant> change) {
        String named = body != null && body.path("dataset").isTextual() ? body.get("dataset").asText() : null;
        ManagedGrant result = audited.run(caller, action, AuditTarget.dataset(named), change, done -> {
            Grant g = done.grant();
            return AuditEntry.of(caller, action, g.dataset(), null, g.fields(), null, AuditOutcome.OK,
                    "grant=" + done.id() + " consumer=" + g.consumer() + " purposes=" + sorted(g.purposes())
                            + " divisions=" + sorted(g.divisions()) + " expires="
                            + g.expires().map(Object::toString).orElse("never"));
        });
        Grant g = result.grant();
        LOG.infof("%s grant=%s dataset=%s consumer=%s by dept=%s user=%s", action.wire(), result.id(), g.dataset(), g.consumer(),
                caller.department(), caller.userId());
        return result;
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    /**
     * The grant to change, if the caller may change it and, when it sent {@code If-Match}, it is
     * still the version the caller read. Without {@code If-Match} the change applies to whatever is
     * current (last writer wins). The check is against this replica's view: two changes sent to two
     * replicas in the same instant can both pass it.
     */
    private ManagedGrant writable(Caller caller, String id, String ifMatch) {
        ManagedGrant existing = get(caller, id);
        if (existing.readOnly()) {
            throw new GrantReadOnly(id);
        }
        if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.strip().equals("*")
                && java.util.Arrays.stream(ifMatch.split(",")).map(String::strip).noneMatch(existing.etag()::equals)) {
            throw new GrantChanged("Grant " + id + " was changed by " + existing.changedBy() + " at "
                    + existing.changedAt() + " after you read it (its version is now " + existing.etag()
                    + "); read it again and repeat your change.");
        }
        return existing;
    }

    private Grant valid(JsonNode body) {
        GrantValidator.Result result = validator.validate(body, LocalDate.now(clock));
        if (!result.valid()) {
            throw new InvalidGrant(result.errors());
        }
        return result.grant();
    }

    private void requireManages(Caller caller, String dataset) {
        if (!manages(caller, dataset)) {
            throw new NotOwnerSteward("Only a steward of " + owner(dataset)
                    + ", the department owning " + dataset + ", manages its grants.");
        }
    }

    /**
     * An admin manages grants between other departments; a grant to the admin's own department is
     * the owner's steward's decision alone (else an admin could read any dataset by granting itself).
     */
    private void refuseSelfGrant(Caller caller, Grant grant) {
        if (grant.consumer().equals(caller.department()) && !Guards.isOwnerSteward(caller, owner(grant.dataset()))) {
            throw new SelfGrant("A grant to your own department '" + caller.department() + "' is made by a steward of "
                    + owner(grant.dataset()) + ", the department owning " + grant.dataset() + ".");
        }
    }

    private boolean manages(Caller caller, String dataset) {
        if (caller.hasRole("admin")) {
            return true;
        }
        return Guards.isOwnerSteward(caller, owner(dataset));
    }

    private String owner(String dataset) {
        return registry.latest(dataset).map(DatasetDescriptor::owner).orElse(null);
    }

    private static GrantNotFound notFound() {
        return new GrantNotFound();
    }
}
