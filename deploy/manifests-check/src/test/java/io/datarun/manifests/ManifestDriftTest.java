package io.datarun.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * The comparisons must notice drift, or passing them proves nothing: each case changes one thing in
 * the rendered production overlay and expects the difference to be named.
 */
class ManifestDriftTest {
    private final Manifests production = Overlays.rendered("production");
    private final List<NewTopic> code = KubernetesManifestsTest.expectedTopics(production);

    private List<KafkaTopic> topicsWith(String topicName, java.util.function.Consumer<KafkaTopic> change) {
        List<KafkaTopic> topics = new ArrayList<>();
        for (KafkaTopic topic : production.all(KafkaTopic.class)) {
            KafkaTopic copy = production.copy(topic);
            if (TopicCheck.topicName(copy).equals(topicName)) {
                change.accept(copy);
            }
            topics.add(copy);
        }
        return topics;
    }

    @Test
    void unchangedManifestsShowNoDifference() {
        assertThat(TopicCheck.differences(code, production.all(KafkaTopic.class))).isEmpty();
    }

    @Test
    void whenAPartitionCountDriftsThenTheTopicIsNamed() {
        List<KafkaTopic> drifted = topicsWith("datarun.public-security.household-registry", t -> t.getSpec().setPartitions(6));
        assertThat(TopicCheck.differences(code, drifted))
                .containsExactly("datarun.public-security.household-registry: partitions 6, the code creates 3");
    }

    @Test
    void whenARetentionDriftsThenTheSettingIsNamed() {
        List<KafkaTopic> drifted = topicsWith("datarun._audit", t -> t.getSpec().getConfig().put("retention.ms", "604800000"));
        assertThat(TopicCheck.differences(code, drifted)).containsExactly("datarun._audit: retention.ms is 604800000, the code sets -1");
    }

    @Test
    void whenASettingExistsOnlyInTheManifestThenItIsNamed() {
        List<KafkaTopic> drifted = topicsWith("datarun._grants", t -> t.getSpec().getConfig().put("segment.ms", "3600000"));
        assertThat(TopicCheck.differences(code, drifted))
                .containsExactly("datarun._grants: segment.ms=3600000 is set only in the manifest (the code does not set it)");
    }

    @Test
    void whenTheCodeProvisionsATopicNoManifestDeclaresThenItIsNamed() {
        List<NewTopic> withNewDataset = new ArrayList<>(code);
        withNewDataset.add(new NewTopic("datarun.health.vaccinations", 3, (short) 3).configs(Map.of("cleanup.policy", "compact")));
        assertThat(TopicCheck.differences(withNewDataset, production.all(KafkaTopic.class)))
                .containsExactly("datarun.health.vaccinations: the code provisions it, no KafkaTopic declares it");
    }

    @Test
    void whenAManifestDeclaresATopicTheCodeDoesNotKnowThenItIsNamed() {
        List<KafkaTopic> extra = new ArrayList<>(production.all(KafkaTopic.class));
        KafkaTopic stray = production.copy(extra.get(0));
        stray.getSpec().setTopicName("datarun.health.old-feed");
        extra.add(stray);
        assertThat(TopicCheck.differences(code, extra))
                .containsExactly("datarun.health.old-feed: a KafkaTopic declares it, the code provisions no such topic");
    }

    private List<KafkaUser> usersWith(String name, java.util.function.Consumer<KafkaUser> change) {
        List<KafkaUser> users = new ArrayList<>();
        for (KafkaUser user : production.all(KafkaUser.class)) {
            KafkaUser copy = production.copy(user);
            if (copy.getMetadata().getName().equals(name)) {
                change.accept(copy);
            }
            users.add(copy);
        }
        return users;
    }

    private static List<AclRule> acls(KafkaUser user) {
        return ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
    }

    @Test
    void unchangedUsersShowNoDifference() {
        List<KafkaUser> users = production.all(KafkaUser.class);
        assertThat(AclCheck.differences(AclCheck.planFor(users), users)).isEmpty();
    }

    @Test
    void whenTheConnectorsLoseTheirDenyOnGrantsThenTheAclIsNamed() {
        List<KafkaUser> drifted = usersWith("datarun-connectors", u -> acls(u).removeIf(rule -> rule.getType() == AclRuleType.DENY
                && rule.getResource() instanceof AclRuleTopicResource topic && topic.getName().equals("datarun._grants")));
        assertThat(AclCheck.differences(AclCheck.planFor(drifted), drifted))
                .containsExactly("datarun-connectors: missing DENY ALL topic datarun._grants");
    }

    @Test
    void whenADepartmentGainsAReadThenTheAclIsNamed() {
        List<KafkaUser> drifted = usersWith("dept-civil-affairs", u -> {
            AclRuleTopicResource topic = new AclRuleTopicResource();
            topic.setName("datarun.");
            topic.setPatternType(AclResourcePatternType.PREFIX);
            acls(u).add(new AclRule(AclRuleType.ALLOW, topic, "*", List.of(AclOperation.READ)));
        });
        assertThat(AclCheck.differences(AclCheck.planFor(drifted), drifted))
                .containsExactly("dept-civil-affairs: not in the plan: ALLOW READ topic datarun. (prefixed)");
    }

    @Test
    void whenAUserIsNotAPrincipalOfThePlanThenItIsNamed() {
        List<KafkaUser> extra = new ArrayList<>(production.all(KafkaUser.class));
        KafkaUser stray = production.copy(production.get(KafkaUser.class, "datarun-admin"));
        stray.getMetadata().setName("reporting-tool");
        extra.add(stray);
        assertThat(AclCheck.differences(AclCheck.planFor(extra), extra))
                .containsExactly("reporting-tool: a KafkaUser, but no principal of KafkaAccessPlan");
    }

    @Test
    void whenAFieldIsMisspeltThenParsingNamesIt() {
        String yaml = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: datarun.x.y
                spec:
                  partitions: 3
                  replcas: 3
                """;
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Manifests.parse("typo", yaml)))
                .hasMessageContaining("KafkaTopic datarun.x.y: unknown field spec.replcas");
    }

    @Test
    void whenAStrimziResourceUsesTheDeprecatedApiVersionThenParsingSaysSo() {
        String yaml = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata:
                  name: datarun.x.y
                spec:
                  partitions: 3
                  replicas: 3
                """;
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Manifests.parse("old", yaml)))
                .hasMessageContaining("apiVersion kafka.strimzi.io/v1beta2, expected kafka.strimzi.io/v1");
    }
}
