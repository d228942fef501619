package io.datarun.gateway.api;

import io.datarun.testkit.DatasetPublisher;
import java.util.LinkedHashMap;
import java.util.Map;

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
        DatasetPublisher.at(KafkaTestResource.bootstrapServers()).publish(datasetId, raw);
    }
}
