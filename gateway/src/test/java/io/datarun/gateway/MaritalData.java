package io.datarun.gateway;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.wire.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes civil-affairs marital-status records straight to their topic, as a connector would;
 * the audit and change-feed tests use this dataset so the household-registry counts other tests
 * check stay theirs.
 */
final class MaritalData {
    static final String DATASET = "civil-affairs.marital-status";

    private MaritalData() {
    }

    static Map<String, Object> record(String residentId, String status) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("residentId", residentId);
        raw.put("maritalStatus", status);
        raw.put("spouseResidentId", null);
        raw.put("registeredOn", null);
        raw.put("registrationOffice", "区民政局婚姻登记处");
        raw.put("divisionCode", residentId.substring(0, 6));
        raw.put("updatedAt", "2026-11-20T10:00:00");
        return raw;
    }

    static void publish(List<Map<String, Object>> records) throws Exception {
        DatasetDescriptor dataset = TestData.REGISTRY.latest(DATASET).orElseThrow();
        RecordAssembler assembler = new RecordAssembler();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", KafkaTestResource.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (Map<String, Object> raw : records) {
                RecordAssembler.Assembly assembly = assembler.assemble(dataset, raw);
                if (!assembly.isAccepted()) {
                    throw new IllegalArgumentException("test record is invalid: " + assembly.violations());
                }
                producer.send(new ProducerRecord<>(Topics.records(DATASET), raw.get("residentId").toString(),
                        TestData.CODEC.encode(assembly.record()))).get();
            }
        }
    }
}
