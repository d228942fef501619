package io.datarun.gateway.store;

import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * A piece of the serving topology that a domain adds to the one Kafka Streams instance (the form
 * ledger's totals, for one), so the store package depends on no domain: domains depend on it.
 */
public interface TopologyPart {

    /** The topics this part reads, created before the streams start if missing; none by default. */
    default List<NewTopic> sourceTopics() {
        return List.of();
    }

    /** Adds the part's streams and stores; nothing by default (a part may only name {@link #indexedFields}). */
    default void addTo(StreamsBuilder builder) {
    }

    /**
     * Fields of datasets this part's domain looks records up by, which the serving stores then index
     * ({@link RecordStore#subjectsWith}); none by default.
     */
    default List<IndexedField> indexedFields() {
        return List.of();
    }
}
