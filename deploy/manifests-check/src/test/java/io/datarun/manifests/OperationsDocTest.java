package io.datarun.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.schemas.kafka.KafkaAccessPlan;
import io.datarun.schemas.wire.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md tells an administrator of an existing Kafka cluster which ACLs to create, as
 * {@code kafka-acls.sh} commands: they must be exactly {@link KafkaAccessPlan}'s, like the
 * KafkaUser resources, or a VM installation would drift from what the code and the tests assume.
 */
class OperationsDocTest {
    private static final String DOC = "docs/operations.md";

    /** Every {@code $A ...} line of the ACL block, flattened like {@link AclCheck#flatten}. */
    static Map<String, Set<String>> documentedAcls() throws IOException {
        Map<String, Set<String>> byPrincipal = new TreeMap<>();
        for (String line : Files.readAllLines(Repo.path(DOC))) {
            if (!line.startsWith("$A ")) {
                continue;
            }
            List<String> words = new ArrayList<>(List.of(line.substring(3).trim().split("\\s+")));
            String principal = null;
            String permission = null;
            String type = null;
            String name = null;
            String pattern = "literal";
            List<String> operations = new ArrayList<>();
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                switch (w) {
                    case "--allow-principal", "--deny-principal" -> {
                        permission = w.startsWith("--allow") ? "ALLOW" : "DENY";
                        principal = words.get(++i).replaceFirst("^User:", "");
                    }
                    case "--operation" -> operations.add(words.get(++i));
                    case "--topic", "--group", "--transactional-id" -> {
                        type = w.equals("--transactional-id") ? "transactional_id" : w.substring(2);
                        name = words.get(++i).replace("'", "");
                    }
                    case "--cluster" -> {
                        type = "cluster";
                        name = "kafka-cluster";
                    }
                    case "--resource-pattern-type" -> pattern = words.get(++i);
                    default -> throw new AssertionError(DOC + ": unexpected word '" + w + "' in: " + line);
                }
            }
            assertThat(principal).as("principal in: " + line).isNotNull();
            assertThat(type).as("resource in: " + line).isNotNull();
            for (String operation : operations) {
                byPrincipal.computeIfAbsent(principal, p -> new TreeSet<>()).add(permission + " " + kafkaOperation(operation)
                        + " " + type + " " + name + (pattern.equals("prefixed") ? " (prefixed)" : ""));
            }
        }
        return byPrincipal;
    }

    /** kafka-acls.sh's {@code DescribeConfigs} is {@link AclOperation#DESCRIBE_CONFIGS}, and so on. */
    private static AclOperation kafkaOperation(String name) {
        for (AclOperation operation : AclOperation.values()) {
            if (operation.name().replace("_", "").equalsIgnoreCase(name)) {
                return operation;
            }
        }
        throw new AssertionError(DOC + ": no Kafka operation " + name);
    }

    @Test
    void aclCommandsForAnExistingClusterAreTheAccessPlan() throws IOException {
        KafkaAccessPlan plan = KafkaAccessPlan.forDepartments(List.of());
        Map<String, Set<String>> expected = new TreeMap<>();
        for (KafkaAccessPlan.Principal principal : plan.principals()) {
            Set<String> lines = new TreeSet<>();
            AclCheck.flatten(principal.acls()).forEach(lines::add);
            expected.put(principal.name(), lines);
        }
        assertThat(documentedAcls()).as(DOC + ": the kafka-acls.sh block against KafkaAccessPlan").isEqualTo(expected);
    }

    @Test
    void topicsListedAsTheOnlyCopyAreDatarunsTopics() throws IOException {
        String doc = Files.readString(Repo.path(DOC));
        for (String topic : List.of(Topics.GRANTS, Topics.DISPUTES, Topics.AUDIT, Topics.FORM_LEDGER, Topics.CONNECTOR_OFFSETS)) {
            assertThat(doc).as(DOC + " names " + topic).contains("`" + topic + "`");
        }
        assertThat(doc.toLowerCase(Locale.ROOT)).contains("datarun.civil-affairs.household-income");
    }
}
