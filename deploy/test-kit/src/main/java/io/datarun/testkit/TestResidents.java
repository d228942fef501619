package io.datarun.testkit;

import io.datarun.schemas.validation.ResidentIdNumber;
import java.util.LinkedHashMap;
import java.util.Map;

/** Household-registry rows of made-up residents, valid at the door. */
public final class TestResidents {
    private TestResidents() {
    }

    /** A valid ID number with the given region, birth date and sequence (odd sequence: male). */
    public static String residentId(String region, String birth, String sequence) {
        String first17 = region + birth + sequence;
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    /** A raw household-registry row: birth date, household and division derived from the ID number. */
    public static Map<String, Object> resident(String id, String name, String gender, String address) {
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
}
