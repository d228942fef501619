package io.datarun.connectors.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/** {@code datarun.connectors.*}: where declarations live and what they may leave out. */
@ConfigMapping(prefix = "datarun.connectors")
public interface ConnectorsConfig {
    /** Folder read at start and then followed: every {@code *.yaml} in it declares one connector. */
    @WithDefault("declarations")
    Path dir();

    /**
     * How often the declarations folder is compared with what runs (by content, so links swapped by a
     * Kubernetes ConfigMap and NFS mounts count); {@code 0} reads it at start only.
     */
    @WithDefault("5s")
    Duration watchInterval();

    /**
     * Folder of jars with custom sources ({@code kind: java}) and JDBC drivers the runtime does not
     * ship, read at start; none when not set.
     */
    Optional<Path> pluginsDir();

    /** How often a connector polls its source when a declaration gives no {@code pollInterval}. */
    @WithDefault("2s")
    Duration pollInterval();

    /** Rows per batch (one Kafka transaction) when a declaration gives no {@code batchSize}. */
    @WithDefault("500")
    int batchSize();

    /** Zone of source timestamps without an offset when a declaration gives no {@code zone}. */
    @WithDefault("Asia/Shanghai")
    ZoneId zone();

    /** How long a connector may take to reach Kafka and read its committed position at start. */
    @WithDefault("60s")
    Duration startTimeout();

    /** Kafka consumer group the runtimes sharing these connectors join; runtimes of another group never share. */
    @WithDefault("datarun-connectors")
    String group();

    /** This runtime's name in the group and in the status endpoint; default host name and process id. */
    Optional<String> runtimeId();

    /** Partitions of the coordination topic when this runtime creates it: more slots, fewer connectors sharing one. */
    @WithDefault("64")
    int slots();

    /**
     * JDBC URL schemes a production runtime opens (default: database servers only, see
     * {@code JdbcUrlPolicy}); in the dev, demo and test profiles any scheme unless this is set.
     */
    Optional<java.util.List<String>> jdbcUrlSchemes();

    /** A runtime silent for this long is declared dead and its connectors move; the broker allows 6 s to 300 s. */
    @WithDefault("10s")
    Duration sessionTimeout();
}
