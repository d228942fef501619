package io.datarun.testkit;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes records straight to a dataset's topic, as a connector would: each raw row is assembled
 * and checked as at the door (an invalid test row fails the test at once, it is no test data) and
 * keyed by its subject.
 */
public final class DatasetPublisher {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.load();
    private static final RecordCodec CODEC = new RecordCodec(REGISTRY);

    private final Map<String, Object> client;

    /** @param client the producer's connection properties (a secured broker's login included) */
    public DatasetPublisher(Map<String, Object> client) {
        this.client = Map.copyOf(client);
    }

    public static DatasetPublisher at(String bootstrapServers) {
        return new DatasetPublisher(Map.of("bootstrap.servers", bootstrapServers));
    }

    /** Publishes {@code raw} rows of the shipped {@code dataset}, in order, each acknowledged by all replicas. */
    @SafeVarargs
    public final void publish(String dataset, Map<String, Object>... raw) throws Exception {
        DatasetDescriptor descriptor = REGISTRY.latest(dataset)
                .orElseThrow(() -> new IllegalArgumentException("no shipped dataset " + dataset));
        RecordAssembler assembler = new RecordAssembler();
        Map<String, Object> config = new HashMap<>(client);
        config.put("acks", "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (Map<String, Object> row : raw) {
                RecordAssembler.Assembly assembly = assembler.assemble(descriptor, row);
                if (!assembly.isAccepted()) {
                    throw new IllegalArgumentException("test record of " + dataset + " is invalid: " + assembly.violations());
                }
                producer.send(new ProducerRecord<>(Topics.records(dataset), row.get(descriptor.subjectField()).toString(),
                        CODEC.encode(assembly.record()))).get();
            }
        }
    }
}
