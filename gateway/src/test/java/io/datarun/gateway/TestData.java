package io.datarun.gateway;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.validation.ResidentIdNumber;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes household-registry records straight to the topic, as a connector would. */
final class TestData {
    /** Topics as the test broker (one node) takes them: one replica, nothing refused. */
    public static final TopicProvisioner TOPICS = new TopicProvisioner(1, Optional.of((short) 1), false);

    static final String DATASET = "public-security.household-registry";
    static final SchemaRegistry REGISTRY = SchemaRegistry.load();
    static final RecordCodec CODEC = new RecordCodec(REGISTRY);

    private TestData() {
    }

    /** A valid ID number with the given region, birth date and sequence (odd sequence: male). */
    static String residentId(String region, String birth, String sequence) {
        String first17 = region + birth + sequence;
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    static Map<String, Object> resident(String id, String name, String gender, String address) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("residentId", id);
        raw.put("name", name);
        raw.put("gender", gender);
        raw.put("birthDate", id.substring(6, 14));
        raw.put("ethnicity", "汉族");
        raw.put("householdNumber", "H" + id.substring(0, 8));
        raw.put("registeredAddress", address);
        raw.put("divisionCode", id.substring(0, 6));
        raw.put("updatedAt", "2026-11-20T10:00:00");
        return raw;
    }

    static void publish(Map<String, Object>... residents) throws Exception {
        DatasetDescriptor dataset = REGISTRY.latest(DATASET).orElseThrow();
        RecordAssembler assembler = new RecordAssembler();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", KafkaTestResource.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (Map<String, Object> raw : residents) {
                RecordAssembler.Assembly assembly = assembler.assemble(dataset, raw);
                if (!assembly.isAccepted()) {
                    throw new IllegalArgumentException("test resident is invalid: " + assembly.violations());
                }
                producer.send(new ProducerRecord<>(Topics.records(DATASET), raw.get("residentId").toString(),
                        CODEC.encode(assembly.record()))).get();
            }
        }
    }
}
