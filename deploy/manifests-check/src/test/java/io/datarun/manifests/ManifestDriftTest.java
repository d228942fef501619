package io.datarun.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strimzi.api.kafka.model.topic.KafkaTopic;
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
