package io.datarun.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The settings of new topics; creating them on real brokers is tested in datarun-kafka-local. */
class TopicProvisionerTest {

    private static List<NewTopic> everyTopic(TopicProvisioner provisioner) {
        return List.of(provisioner.recordsTopic("civil-affairs.marital-status"),
                provisioner.deadLetterTopic("civil-affairs.marital-status"), provisioner.offsetsTopic(),
                provisioner.accessLogTopic(), provisioner.readsTopic(), provisioner.disputesTopic(), provisioner.grantsTopic(),
                provisioner.auditTopic(), provisioner.formLedgerTopic());
    }

    @Test
    void byDefaultTheBrokerChoosesTheReplicationFactorAndEveryWrittenTopicNeedsTwoInSyncReplicas() {
        TopicProvisioner provisioner = new TopicProvisioner(3, Optional.empty(), false);
        for (NewTopic topic : everyTopic(provisioner)) {
            assertThat(topic.replicationFactor()).as(topic.name()).isEqualTo((short) -1); // Kafka's "broker default"
            assertThat(topic.configs()).as(topic.name()).containsEntry("min.insync.replicas", "2");
        }
        assertThat(provisioner.recordsTopic("civil-affairs.marital-status").configs())
                .containsEntry("cleanup.policy", "compact");
        assertThat(provisioner.auditTopic().configs()).containsEntry("retention.ms", "-1");
    }

    @Test
    void aConfiguredFactorOfThreeOrMoreKeepsTwoInSyncReplicas() {
        for (NewTopic topic : everyTopic(new TopicProvisioner(3, Optional.of((short) 3), true))) {
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
            assertThat(topic.configs()).containsEntry("min.insync.replicas", "2");
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void aSingleReplicaLabTopicAsksForNoSecondReplica() {
        for (NewTopic topic : everyTopic(new TopicProvisioner(1, (short) 1))) {
            assertThat(topic.replicationFactor()).isEqualTo((short) 1);
            assertThat(topic.configs()).doesNotContainKey("min.insync.replicas");
        }
    }

    @Test
    void theSlotTopicIsNeverWrittenSoItNeedsNoInSyncMinimum() {
        NewTopic slots = new TopicProvisioner(3, Optional.empty(), false).connectorRuntimesTopic(64);
        assertThat(slots.numPartitions()).isEqualTo(64);
        assertThat(slots.configs()).isNull();
    }

    @Test
    void aConfiguredFactorBelowThreeIsRefusedWhenReplicationIsRequiredBeforeKafkaIsAsked() {
        TopicProvisioner provisioner = new TopicProvisioner(3, Optional.of((short) 1), true);
        assertThatThrownBy(() -> provisioner.ensure(null, List.of(provisioner.offsetsTopic())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("replication factor below 3")
                .hasMessageContaining("datarun.insecure-kafka=true");
    }
}
