package io.datarun.connectors.declaration;

import io.datarun.schemas.options.Option;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The {@code source:} of a declaration: one of the kinds {@link DeclarationFile#source()} lists, each
 * a record whose {@link Option}s are that kind's keys and whose {@link Option.Kind} is its
 * {@code kind} value.
 */
public interface SourceDeclaration {
    /** The keys every kind takes. */
    Polling polling();

    /** {@code jdbc}, {@code file}, {@code java}, {@code http}, {@code rabbitmq} or {@code camel}, as declared. */
    default String kind() {
        return getClass().getAnnotation(Option.Kind.class).value();
    }

    /** Rows per batch: one Kafka transaction. */
    default int batchSize() {
        return polling().batchSize();
    }

    /** Pause between polls once the source has no more rows. */
    default Duration pollInterval() {
        return polling().pollInterval();
    }

    /** Zone of source timestamps without an offset. */
    default ZoneId zone() {
        return polling().zone();
    }
}
