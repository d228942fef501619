package io.datarun.connectors.runtime.group;

import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.TopicProvisioner;
import java.time.Duration;

/**
 * How runtimes find each other: the Kafka consumer group they join, this runtime's id (its client
 * id in the group, shown as a connector's owner), the number of slots (partitions of the
 * coordination topic, only used when creating it) and the session timeout after which a runtime
 * that stopped heartbeating (killed, partitioned off) loses its connectors.
 *
 * @param kafka this process's client properties, which the group's consumer and admin client start from
 * @param topics how the coordination topic is created when it is missing
 * @param staticMember the runtime id was configured (stable across restarts, e.g. a pod name): join as
 *                     a static member ({@code group.instance.id}), so a restarted runtime gets its
 *                     connectors back at once instead of waiting out its dead predecessor's session
 */
public record GroupSettings(KafkaClientSettings kafka, String groupId, String runtimeId, int slots,
        TopicProvisioner topics, Duration sessionTimeout, boolean staticMember) {
}
