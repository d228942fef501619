package io.datarun.gateway;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.wire.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes records of any dataset straight to its topic, as a connector would, for the form tests. */
final class FormData {
    static final String ALLOWANCE = "civil-affairs.minimum-living-allowance";

    private FormData() {
    }

    static Map<String, Object> allowance(String residentId, String householdNumber) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("residentId", residentId);
        raw.put("householdNumber", householdNumber);
        raw.put("monthlyAmountYuan", 980.5);
        raw.put("startDate", "2024-03-01");
        raw.put("status", "ACTIVE");
        raw.put("divisionCode", residentId.substring(0, 6));
        raw.put("updatedAt", "2026-11-21T09:30:00");
        return raw;
    }

    static void publish(String datasetId, Map<String, Object> raw) throws Exception {
        DatasetDescriptor dataset = TestData.REGISTRY.latest(datasetId).orElseThrow();
        RecordAssembler.Assembly assembly = new RecordAssembler().assemble(dataset, raw);
        if (!assembly.isAccepted()) {
            throw new IllegalArgumentException("test record is invalid: " + assembly.violations());
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", KafkaTestResource.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.records(datasetId), raw.get(dataset.subjectField()).toString(),
                    TestData.CODEC.encode(assembly.record()))).get();
        }
    }
}
