package io.datarun.manifests;

import io.datarun.schemas.kafka.KafkaAccessPlan;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The {@code KafkaUser} resources against {@link KafkaAccessPlan}, the one list of principals and
 * ACLs the code, the tests and the broker share. Both sides become the same flat form, one line per
 * permission, resource and operation ({@code ALLOW READ topic datarun. (prefixed)}), and are compared
 * as sets; Kafka's authorizer has no order either.
 */
final class AclCheck {
    /** Kafka's name of the one cluster resource; Strimzi's cluster rule carries no name. */
    private static final String CLUSTER = "kafka-cluster";

    private AclCheck() {
    }

    /** The plan for the department principals these resources declare. */
    static KafkaAccessPlan planFor(List<KafkaUser> users) {
        return KafkaAccessPlan.forDepartments(users.stream().map(u -> u.getMetadata().getName())
                .filter(n -> n.startsWith(KafkaAccessPlan.DEPARTMENT_PREFIX))
                .map(n -> n.substring(KafkaAccessPlan.DEPARTMENT_PREFIX.length())).toList());
    }

    /** Every difference, one line each; empty when the users carry exactly the plan's ACLs. */
    static List<String> differences(KafkaAccessPlan plan, List<KafkaUser> users) {
        List<String> differences = new ArrayList<>();
        Set<String> declared = new TreeSet<>();
        for (KafkaUser user : users) {
            String name = user.getMetadata().getName();
            declared.add(name);
            KafkaAccessPlan.Principal principal;
            try {
                principal = plan.principal(name);
            } catch (NoSuchElementException e) {
                differences.add(name + ": a KafkaUser, but no principal of KafkaAccessPlan");
                continue;
            }
            Set<String> wanted = flatten(principal.acls());
            Set<String> present = new TreeSet<>();
            if (!(user.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple)) {
                differences.add(name + ": authorization must be 'simple' with the plan's ACLs (without it the User Operator leaves ACLs unmanaged)");
                continue;
            }
            for (AclRule rule : simple.getAcls()) {
                if (rule.getHost() != null && !rule.getHost().equals("*")) {
                    differences.add(name + ": ACL on host " + rule.getHost() + "; the plan allows from any host");
                }
                present.addAll(flatten(rule));
            }
            for (String acl : wanted) {
                if (!present.contains(acl)) {
                    differences.add(name + ": missing " + acl);
                }
            }
            for (String acl : present) {
                if (!wanted.contains(acl)) {
                    differences.add(name + ": not in the plan: " + acl);
                }
            }
        }
        for (String required : List.of(KafkaAccessPlan.GATEWAY, KafkaAccessPlan.CONNECTORS, KafkaAccessPlan.ADMIN)) {
            if (!declared.contains(required)) {
                differences.add(required + ": a principal of KafkaAccessPlan without a KafkaUser");
            }
        }
        return differences;
    }

    static Set<String> flatten(List<KafkaAccessPlan.Acl> acls) {
        Set<String> flat = new TreeSet<>();
        for (KafkaAccessPlan.Acl acl : acls) {
            for (AclOperation operation : acl.operations()) {
                flat.add(line(acl.permission(), operation, acl.resourceType(), acl.resourceName(), acl.patternType()));
            }
        }
        return flat;
    }

    static Set<String> flatten(AclRule rule) {
        AclPermissionType permission = rule.getType() == AclRuleType.DENY ? AclPermissionType.DENY : AclPermissionType.ALLOW;
        AclRuleResource resource = rule.getResource();
        ResourceType type;
        String name;
        AclResourcePatternType pattern;
        if (resource instanceof AclRuleTopicResource topic) {
            type = ResourceType.TOPIC;
            name = topic.getName();
            pattern = topic.getPatternType();
        } else if (resource instanceof AclRuleGroupResource group) {
            type = ResourceType.GROUP;
            name = group.getName();
            pattern = group.getPatternType();
        } else if (resource instanceof AclRuleTransactionalIdResource txn) {
            type = ResourceType.TRANSACTIONAL_ID;
            name = txn.getName();
            pattern = txn.getPatternType();
        } else if (resource instanceof AclRuleClusterResource) {
            type = ResourceType.CLUSTER;
            name = CLUSTER;
            pattern = AclResourcePatternType.LITERAL;
        } else {
            throw new IllegalArgumentException("unknown ACL resource " + resource);
        }
        PatternType kafkaPattern = pattern == AclResourcePatternType.PREFIX ? PatternType.PREFIXED : PatternType.LITERAL;
        List<io.strimzi.api.kafka.model.user.acl.AclOperation> operations = new ArrayList<>();
        if (rule.getOperations() != null) {
            operations.addAll(rule.getOperations());
        }
        if (rule.getOperation() != null) {
            operations.add(rule.getOperation());
        }
        Set<String> flat = new TreeSet<>();
        for (io.strimzi.api.kafka.model.user.acl.AclOperation operation : operations) {
            flat.add(line(permission, kafkaOperation(operation), type, name, kafkaPattern));
        }
        return flat;
    }

    /** Strimzi's {@code DescribeConfigs} is Kafka's {@code DESCRIBE_CONFIGS}, and so on. */
    static AclOperation kafkaOperation(io.strimzi.api.kafka.model.user.acl.AclOperation strimzi) {
        for (AclOperation operation : AclOperation.values()) {
            if (operation.name().replace("_", "").equals(strimzi.name())) {
                return operation;
            }
        }
        throw new IllegalArgumentException("no Kafka operation for Strimzi's " + strimzi);
    }

    private static String line(AclPermissionType permission, AclOperation operation, ResourceType type, String name, PatternType pattern) {
        return permission + " " + operation + " " + type.name().toLowerCase(Locale.ROOT) + " " + name
                + (pattern == PatternType.PREFIXED ? " (prefixed)" : "");
    }
}
