package io.datarun.gateway.api;

import io.datarun.testkit.DatasetPublisher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    @SuppressWarnings("unchecked")
    static void publish(List<Map<String, Object>> records) throws Exception {
        DatasetPublisher.at(KafkaTestResource.bootstrapServers()).publish(DATASET, records.toArray(Map[]::new));
    }
}
