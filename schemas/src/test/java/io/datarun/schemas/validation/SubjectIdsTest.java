package io.datarun.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.schemas.catalog.SubjectType;
import org.junit.jupiter.api.Test;

class SubjectIdsTest {
    @Test
    void enterprisesAreIdentifiedByTheCreditCodeAndPersonsByTheResidentIdNumber() {
        assertThat(SubjectIds.problem(SubjectType.ENTERPRISE, "91350100M000100Y43")).isEmpty();
        assertThat(SubjectIds.problem(SubjectType.ENTERPRISE, "91350100M000100Y44")).contains("credit-code.checksum");
        assertThat(SubjectIds.problem(SubjectType.ENTERPRISE, "11010519491231002X")).isNotEmpty();
        assertThat(SubjectIds.problem(SubjectType.PERSON, "11010519491231002X")).isEmpty();
        assertThat(SubjectIds.problem(SubjectType.PERSON, "91350100M000100Y43")).contains("resident-id.format");
        assertThat(SubjectIds.problem(SubjectType.HOUSEHOLD, "110105000001")).isEmpty();
        assertThat(SubjectIds.problem(SubjectType.HOUSEHOLD, " ")).contains("not-blank");
    }

    @Test
    void maskAndNormalizeFollowTheSubjectType() {
        assertThat(SubjectIds.mask(SubjectType.PERSON, "11010519491231002X")).isEqualTo("110105************");
        assertThat(SubjectIds.mask(SubjectType.ENTERPRISE, "91350100M000100Y43")).isEqualTo("91350100M000100Y43");
        assertThat(SubjectIds.normalize(SubjectType.ENTERPRISE, " 91350100m000100y43")).isEqualTo("91350100M000100Y43");
        assertThat(SubjectIds.normalize(SubjectType.PERSON, "11010519491231002x")).isEqualTo("11010519491231002X");
        assertThat(SubjectIds.normalize(SubjectType.HOUSEHOLD, " 110105000001 ")).isEqualTo("110105000001");
    }
}
