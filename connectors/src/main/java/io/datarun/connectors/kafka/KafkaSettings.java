package io.datarun.connectors.kafka;

import java.time.Duration;

/**
 * How connectors reach Kafka and how they create missing topics.
 *
 * @param startTimeout how long reading the committed position at start may take
 */
public record KafkaSettings(String bootstrapServers, int partitions, short replicationFactor, Duration startTimeout) {
}
