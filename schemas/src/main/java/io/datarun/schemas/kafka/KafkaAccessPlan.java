package io.datarun.schemas.kafka;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.wire.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on datarun's Kafka cluster: the one list of principals and ACLs that the code,
 * the tests and the deployments share. The local broker applies exactly {@link #aclBindings()};
 * a test proves every process works under it and that nobody else gets in; the Kubernetes
 * manifests ({@code KafkaUser}) are compared with {@link #principals()}.
 *
 * <p>Deny by default: a principal may do only what its ACLs allow (the broker runs with
 * {@code allow.everyone.if.no.acl.found=false}). The principals:
 * <ul>
 * <li>{@value #GATEWAY}: reads and writes every {@code datarun.*} topic (datasets, their dead
 *     letters and the internal topics), Kafka Streams' internal topics, consumer group and
 *     transactional ids, which all begin with the application id {@value #GATEWAY_APPLICATION_ID}
 *     (its own producers' transactional ids, {@code datarun-gateway-push-*} and
 *     {@code datarun-gateway-audit-*}, too);</li>
 * <li>{@value #CONNECTORS}: reads and writes dataset and dead-letter topics and its own three internal
 *     topics (source positions, the runtimes' slots and the declarations stewards send through the
 *     runtime's API), joins its group, uses the transactional
 *     ids {@value #CONNECTOR_TRANSACTIONS}{@code <connector>}; every other internal topic (grants,
 *     audit, disputes, the access log, the form ledger) is denied to it explicitly, so a
 *     compromised connector host can neither forge a grant nor rewrite the audit trail;</li>
 * <li>{@value #ADMIN}: the operator, everything (the console tools, backups, restores);</li>
 * <li>{@value #DEPARTMENT_PREFIX}{@code <code>}: a department's own systems. They reach datarun
 *     through the API, so their Kafka principal holds no ACL at all: it can neither read a dataset
 *     topic nor write one, nor write grants or the audit trail.</li>
 * </ul>
 *
 * <p>Dataset topics ({@code datarun.<department>.<name>} and {@code .dlq}) are covered by the
 * prefix {@value Topics#PREFIX}, so a dataset registered later needs no new ACL. The same prefix
 * covers the internal topics ({@code datarun._*}); for the connectors the internal ones that are not
 * theirs are therefore denied by name ({@link #deniedToConnectors()}): Kafka checks DENY before ALLOW,
 * and every internal topic {@link Topics#internal()} lists is denied unless it is the connectors' own,
 * so a new internal topic is closed to them without anyone remembering to add a rule.
 */
public final class KafkaAccessPlan {
    /** The gateway's principal (its SCRAM user name). */
    public static final String GATEWAY = "datarun-gateway";
    /** The connector runtime's principal, also used by {@code datarun connector dead-letters|replay}. */
    public static final String CONNECTORS = "datarun-connectors";
    /** The operator's principal. */
    public static final String ADMIN = "datarun-admin";
    /** A department's principal is this prefix and its code, e.g. {@code dept-civil-affairs}. */
    public static final String DEPARTMENT_PREFIX = "dept-";
    /**
     * The gateway's Kafka Streams application id (default of {@code datarun.gateway.application-id}):
     * Streams names its consumer group, internal topics and transactional ids after it.
     */
    public static final String GATEWAY_APPLICATION_ID = "datarun-gateway";
    /** Consumer group of the connector runtimes (default of {@code datarun.connectors.group}), a prefix. */
    public static final String CONNECTORS_GROUP = "datarun-connectors";
    /** Transactional ids of connectors and their dead-letter replays: this prefix and the connector name. */
    public static final String CONNECTOR_TRANSACTIONS = "datarun-connector-";

    private static final Pattern DEPARTMENT_CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /**
     * One ACL rule: a resource (type, name, pattern), allow or deny, and the operations; from any host.
     *
     * @param patternType {@link PatternType#LITERAL} (the name itself; {@code *} is every resource of
     *                    the type) or {@link PatternType#PREFIXED}
     */
    public record Acl(ResourceType resourceType, String resourceName, PatternType patternType,
            AclPermissionType permission, Set<AclOperation> operations) {
        public Acl {
            operations = Set.copyOf(operations);
        }

        /** What a reader sees in a table: {@code ALLOW READ,WRITE topic datarun. (prefixed)}. */
        @Override
        public String toString() {
            return permission + " " + new TreeSet<>(operations.stream().map(Enum::name).toList()) + " "
                    + resourceType.name().toLowerCase(Locale.ROOT) + " " + resourceName
                    + (patternType == PatternType.PREFIXED ? " (prefixed)" : "");
        }
    }

    /**
     * A principal and its ACLs.
     *
     * @param name the user name (SCRAM user, or the certificate's common name under mTLS)
     * @param role what holds it, in words
     */
    public record Principal(String name, String role, List<Acl> acls) {
        public Principal {
            acls = List.copyOf(acls);
        }

        /** The principal as Kafka's authorizer names it. */
        public String kafkaPrincipal() {
            return "User:" + name;
        }
    }

    private final List<Principal> principals;

    private KafkaAccessPlan(List<Principal> principals) {
        this.principals = List.copyOf(principals);
    }

    /** The plan for datarun's processes, its operator, and a principal for each of these departments. */
    public static KafkaAccessPlan forDepartments(Collection<String> departmentCodes) {
        List<Principal> all = new ArrayList<>(List.of(gateway(), connectors(), admin()));
        new TreeSet<>(departmentCodes).forEach(code -> all.add(department(code)));
        return new KafkaAccessPlan(all);
    }

    /** The plan with a principal for each department that owns a dataset among the bundled schemas. */
    public static KafkaAccessPlan forBundledSchemas() {
        return forDepartments(SchemaRegistry.load().latestOfEach().stream().map(DatasetDescriptor::owner).toList());
    }

    private static Principal gateway() {
        return new Principal(GATEWAY, "the gateway (every replica): serving stores, API writes, grants, audit", List.of(
                allow(ResourceType.TOPIC, Topics.PREFIX, PatternType.PREFIXED, AclOperation.READ, AclOperation.WRITE,
                        AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS),
                // Kafka Streams' changelog and repartition topics: created, configured and purged by Streams
                allow(ResourceType.TOPIC, GATEWAY_APPLICATION_ID + "-", PatternType.PREFIXED, AclOperation.READ,
                        AclOperation.WRITE, AclOperation.CREATE, AclOperation.DELETE, AclOperation.DESCRIBE,
                        AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS),
                allow(ResourceType.GROUP, GATEWAY_APPLICATION_ID, PatternType.PREFIXED, AclOperation.READ,
                        AclOperation.DESCRIBE),
                // Streams' exactly-once producers, datarun-gateway-push-* and datarun-gateway-audit-*
                allow(ResourceType.TRANSACTIONAL_ID, GATEWAY_APPLICATION_ID, PatternType.PREFIXED, AclOperation.WRITE,
                        AclOperation.DESCRIBE)));
    }

    private static Principal connectors() {
        List<Acl> acls = new ArrayList<>();
        acls.add(allow(ResourceType.TOPIC, Topics.PREFIX, PatternType.PREFIXED, AclOperation.READ, AclOperation.WRITE,
                AclOperation.CREATE, AclOperation.DESCRIBE));
        for (String topic : deniedToConnectors()) {
            acls.add(new Acl(ResourceType.TOPIC, topic, PatternType.LITERAL, AclPermissionType.DENY, Set.of(AclOperation.ALL)));
        }
        // the runtimes follow the schemas registered at runtime; only the gateway registers them
        acls.add(new Acl(ResourceType.TOPIC, Topics.SCHEMAS, PatternType.LITERAL, AclPermissionType.DENY,
                Set.of(AclOperation.WRITE, AclOperation.CREATE, AclOperation.DELETE, AclOperation.ALTER,
                        AclOperation.ALTER_CONFIGS)));
        acls.add(allow(ResourceType.GROUP, CONNECTORS_GROUP, PatternType.PREFIXED, AclOperation.READ, AclOperation.DESCRIBE));
        acls.add(allow(ResourceType.TRANSACTIONAL_ID, CONNECTOR_TRANSACTIONS, PatternType.PREFIXED, AclOperation.WRITE,
                AclOperation.DESCRIBE));
        return new Principal(CONNECTORS, "connector runtimes and the dead-letter tools (connector dead-letters, replay)", acls);
    }

    private static Principal admin() {
        return new Principal(ADMIN, "the operator: console tools, backups and restores, topic and ACL changes", List.of(
                allow(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.ALL),
                allow(ResourceType.TOPIC, "*", PatternType.LITERAL, AclOperation.ALL),
                allow(ResourceType.GROUP, "*", PatternType.LITERAL, AclOperation.ALL),
                allow(ResourceType.TRANSACTIONAL_ID, "*", PatternType.LITERAL, AclOperation.ALL)));
    }

    private static Principal department(String code) {
        if (!DEPARTMENT_CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("department code '" + code + "' must match " + DEPARTMENT_CODE);
        }
        return new Principal(DEPARTMENT_PREFIX + code, "department " + code + "'s own systems (they use the API)", List.of());
    }

    /**
     * The internal topics the connectors may not touch at all: every one except their own three and the
     * schemas topic (which they read, and may not write).
     */
    public static List<String> deniedToConnectors() {
        return Topics.internal().stream()
                .filter(t -> !connectorsOwn().contains(t) && !t.equals(Topics.SCHEMAS))
                .toList();
    }

    /** The internal topics that are the connector runtimes' own: they read and write them. */
    public static List<String> connectorsOwn() {
        return List.of(Topics.CONNECTOR_OFFSETS, Topics.CONNECTOR_RUNTIMES, Topics.DECLARATIONS);
    }

    private static Acl allow(ResourceType type, String name, PatternType pattern, AclOperation... operations) {
        return new Acl(type, name, pattern, AclPermissionType.ALLOW, EnumSet.copyOf(List.of(operations)));
    }

    /** Every principal with its ACLs: datarun's processes, the operator, then the departments by code. */
    public List<Principal> principals() {
        return principals;
    }

    public Principal principal(String name) {
        return principals.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no principal '" + name + "' in the access plan"));
    }

    /**
     * Whether the plan lets {@code principal} perform {@code operation} on a resource, decided as
     * Kafka's authorizer decides: a matching DENY wins, {@code ALL} matches every operation, and
     * READ, WRITE, DELETE or ALTER imply DESCRIBE (ALTER_CONFIGS implies DESCRIBE_CONFIGS).
     */
    public boolean allows(String principal, ResourceType type, String resourceName, AclOperation operation) {
        List<Acl> matching = principal(principal).acls().stream()
                .filter(acl -> acl.resourceType() == type && matches(acl, resourceName)).toList();
        if (matching.stream().anyMatch(acl -> acl.permission() == AclPermissionType.DENY
                && (acl.operations().contains(AclOperation.ALL) || acl.operations().contains(operation)))) {
            return false;
        }
        return matching.stream().filter(acl -> acl.permission() == AclPermissionType.ALLOW)
                .anyMatch(acl -> acl.operations().stream().anyMatch(granted -> implies(granted, operation)));
    }

    private static boolean matches(Acl acl, String name) {
        return acl.patternType() == PatternType.PREFIXED ? name.startsWith(acl.resourceName())
                : acl.resourceName().equals("*") || acl.resourceName().equals(name);
    }

    private static boolean implies(AclOperation granted, AclOperation wanted) {
        return granted == wanted || granted == AclOperation.ALL
                || wanted == AclOperation.DESCRIBE && Set.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE,
                        AclOperation.ALTER).contains(granted)
                || wanted == AclOperation.DESCRIBE_CONFIGS && granted == AclOperation.ALTER_CONFIGS;
    }

    /** The plan as Kafka ACL bindings, one per principal, resource and operation: what a broker is given. */
    public List<AclBinding> aclBindings() {
        List<AclBinding> bindings = new ArrayList<>();
        for (Principal principal : principals) {
            for (Acl acl : principal.acls()) {
                ResourcePattern resource = new ResourcePattern(acl.resourceType(), acl.resourceName(), acl.patternType());
                acl.operations().stream().sorted().forEach(operation -> bindings.add(new AclBinding(resource,
                        new AccessControlEntry(principal.kafkaPrincipal(), "*", operation, acl.permission()))));
            }
        }
        return bindings;
    }
}
