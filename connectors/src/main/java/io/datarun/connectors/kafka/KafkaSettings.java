package io.datarun.connectors.kafka;

import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.TopicProvisioner;
import java.time.Duration;
import java.util.Map;

/**
 * How connectors reach Kafka and how they create missing topics.
 *
 * @param client this process's client properties (bootstrap servers, security): every producer,
 *               consumer and admin client the connectors create starts from them
 * @param topics settings of the topics a connector creates when they are missing
 * @param startTimeout how long reading the committed position at start may take
 */
public record KafkaSettings(KafkaClientSettings client, TopicProvisioner topics, Duration startTimeout) {

    public String bootstrapServers() {
        return client.bootstrapServers();
    }

    /** The process's client properties plus one client's own. */
    public Map<String, Object> clientConfig(Map<String, ?> own) {
        return client.with(own);
    }
}
