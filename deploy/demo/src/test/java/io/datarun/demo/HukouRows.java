package io.datarun.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The mapping the household-registry connector applies: hukou_residents columns to dataset fields. */
final class HukouRows {
    static final String DATASET = "public-security.household-registry";

    private HukouRows() {
    }

    static Map<String, Object> fromResident(DemoResident resident, LocalDateTime updatedAt) {
        return map(resident.residentId(), resident.name(), resident.gender().code(), resident.birthDate(),
                resident.ethnicity(), resident.householdNumber(), resident.address(), resident.divisionCode(), updatedAt);
    }

    /** Every row of the table by id, mapped to dataset fields with the types JDBC hands out. */
    static Map<Long, Map<String, Object>> read(Connection connection) throws SQLException {
        Map<Long, Map<String, Object>> rows = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT id, sfzh, xm, xb, csrq, mz, hh, hjdz, xzqh, gxsj FROM " + DemoDatabase.TABLE)) {
            while (rs.next()) {
                rows.put(rs.getLong("id"), map(rs.getString("sfzh"), rs.getString("xm"), rs.getString("xb"),
                        rs.getDate("csrq"), rs.getString("mz"), rs.getString("hh"), rs.getString("hjdz"),
                        rs.getString("xzqh"), rs.getTimestamp("gxsj")));
            }
        }
        return rows;
    }

    static List<Object> gxsjValues(Connection connection) throws SQLException {
        List<Object> values = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT gxsj FROM " + DemoDatabase.TABLE)) {
            while (rs.next()) {
                values.add(rs.getTimestamp(1).toLocalDateTime());
            }
        }
        return values;
    }

    private static Map<String, Object> map(String sfzh, String xm, String xb, Object csrq, String mz, String hh,
            String hjdz, String xzqh, Object gxsj) {
        Map<String, Object> raw = new HashMap<>();
        raw.put("residentId", sfzh);
        raw.put("name", xm);
        raw.put("gender", switch (xb) {
            case "1" -> "MALE";
            case "2" -> "FEMALE";
            default -> "UNKNOWN";
        });
        raw.put("birthDate", csrq);
        raw.put("ethnicity", mz);
        raw.put("householdNumber", hh);
        raw.put("registeredAddress", hjdz);
        raw.put("divisionCode", xzqh);
        raw.put("updatedAt", gxsj);
        return raw;
    }
}
