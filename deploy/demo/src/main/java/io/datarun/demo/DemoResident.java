package io.datarun.demo;

import java.time.LocalDate;
import java.util.Optional;

/**
 * One synthetic resident as the public security bureau's household system stores it. The
 * identity (number, name, birth date, household) is what other departments' demo data reuse.
 *
 * @param id               row id, the resident's position in the generated sequence (1-based)
 * @param residentId       公民身份号码 (sfzh); valid GB 11643 unless {@link #defect()} says otherwise
 * @param name             姓名 (xm)
 * @param gender           性别 (xb)
 * @param birthDate        出生日期 (csrq) as the source system holds it
 * @param ethnicity        民族 (mz), GB 3304 name
 * @param householdNumber  户号 (hh), shared by the members of one household
 * @param address          户籍地址 (hjdz), the household's registered address
 * @param divisionCode     行政区划 (xzqh), the first six digits of the resident ID number
 * @param hoursBeforeSeed  when the row was last changed (gxsj), in whole hours before the seeding time;
 *                         many rows share a value on purpose, as batch updates do
 * @param defect           why the row is bad on purpose, empty for a good row
 */
public record DemoResident(
        long id,
        String residentId,
        String name,
        Gender gender,
        LocalDate birthDate,
        String ethnicity,
        String householdNumber,
        String address,
        String divisionCode,
        int hoursBeforeSeed,
        Optional<Defect> defect) {

    public boolean isBad() {
        return defect.isPresent();
    }

    /** Gender with its GB/T 2261.1 code as departmental tables store it. */
    public enum Gender {
        MALE("1"), FEMALE("2");

        private final String code;

        Gender(String code) {
            this.code = code;
        }

        /** {@code "1"} for male, {@code "2"} for female. */
        public String code() {
            return code;
        }
    }

    /**
     * The ways a demo row is deliberately wrong, with the violation code and field the intake
     * door must report for it.
     */
    public enum Defect {
        /** The check character does not match the first 17 digits. */
        WRONG_CHECKSUM("residentId", "resident-id.checksum"),
        /** The number encodes a date that does not exist (30 February); its checksum is right. */
        IMPOSSIBLE_BIRTH_DATE("residentId", "resident-id.birth-date"),
        /** The number is valid but the birth-date column says another day. */
        BIRTH_DATE_MISMATCH("birthDate", "birth-date.mismatch"),
        /** A 15-digit number from before 1999, never upgraded. */
        LEGACY_15("residentId", "resident-id.legacy-15");

        private final String field;
        private final String code;

        Defect(String field, String code) {
            this.field = field;
            this.code = code;
        }

        /** The dataset field the violation is reported on. */
        public String field() {
            return field;
        }

        /** The violation code the intake door reports. */
        public String code() {
            return code;
        }
    }
}
