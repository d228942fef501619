package io.datarun.connectors.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code datarun.kafka.*}: how connectors create dataset topics that do not exist yet. */
@ConfigMapping(prefix = "datarun.kafka")
public interface TopicsConfig {
    /** Partitions of a new dataset or dead-letter topic (the offsets topic always has one). */
    @WithDefault("3")
    int partitions();

    /**
     * Replication factor of every topic created; unset, the broker's {@code default.replication.factor}.
     * Below 3 refuses a production start (unless {@code datarun.insecure-kafka=true}).
     */
    Optional<Short> replicationFactor();
}
