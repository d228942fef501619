package io.datarun.connectors.declaration;

import java.time.Duration;
import java.time.ZoneId;

/** The {@code source:} of a declaration: one of the kinds the runtime knows. */
public sealed interface SourceDeclaration permits JdbcSource, FileSource, JavaSource, HttpSource, RabbitMqSource, CamelSource {
    /** {@code jdbc}, {@code file}, {@code java}, {@code http}, {@code rabbitmq} or {@code camel}, as declared. */
    String kind();

    /** Rows per batch: one Kafka transaction. */
    int batchSize();

    /** Pause between polls once the source has no more rows. */
    Duration pollInterval();

    /** Zone of source timestamps without an offset. */
    ZoneId zone();
}
