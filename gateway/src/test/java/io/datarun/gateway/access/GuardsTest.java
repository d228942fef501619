package io.datarun.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datarun.gateway.failure.DatasetNotFound;
import io.datarun.gateway.failure.InvalidSubjectId;
import io.datarun.gateway.failure.NotOwnerSteward;
import io.datarun.gateway.failure.PurposeRequired;
import io.datarun.gateway.failure.SubjectRequired;
import io.datarun.gateway.failure.UnknownPurpose;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.catalog.SubjectType;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardsTest {
    static final SchemaRegistry REGISTRY = SchemaRegistry.load();
    static final Guards GUARDS = new Guards(REGISTRY, Map.of("minimum-living-allowance",
            new Purpose("minimum-living-allowance", Map.of("en", "Minimum living allowance"))));

    static Caller caller(String department, String... roles) {
        return new Caller("u", department, Set.of(roles), Set.of());
    }

    @Test
    void anUnknownDatasetIsNotFoundByItsId() {
        assertThat(GUARDS.dataset("public-security.household-registry").owner()).isEqualTo("public-security");
        assertThatThrownBy(() -> GUARDS.dataset("nope.nothing")).isInstanceOfSatisfying(DatasetNotFound.class,
                e -> assertThat(e.detail()).contains("nope.nothing"));
    }

    @Test
    void everyReadNamesARegisteredPurpose() {
        GUARDS.purpose("minimum-living-allowance");
        assertThatThrownBy(() -> GUARDS.purpose(null)).isInstanceOf(PurposeRequired.class);
        assertThatThrownBy(() -> GUARDS.purpose(" ")).isInstanceOf(PurposeRequired.class);
        assertThatThrownBy(() -> GUARDS.purpose("curiosity")).isInstanceOfSatisfying(UnknownPurpose.class,
                e -> assertThat(e.errors()).singleElement().satisfies(err -> assertThat(err.field()).isEqualTo("purpose")));
    }

    @Test
    void aSubjectIdMustPassItsTypesChecksum() {
        GUARDS.subject(SubjectType.PERSON, "110101195803215030", "subjectId");
        assertThatThrownBy(() -> GUARDS.subject(SubjectType.PERSON, "110101195803215031", "subjectId"))
                .isInstanceOfSatisfying(InvalidSubjectId.class,
                        e -> assertThat(e.errors()).singleElement().satisfies(err -> assertThat(err.field()).isEqualTo("subjectId")));
        assertThatThrownBy(() -> GUARDS.requiredSubject(SubjectType.PERSON, "", "subject")).isInstanceOf(SubjectRequired.class);
        assertThat(GUARDS.requiredSubject(SubjectType.PERSON, " 110101195803215030 ", "subject"))
                .isEqualTo("110101195803215030");
    }

    @Test
    void onlyTheOwnersStewardsPassTheOwnerStewardCheckAndAdminsOnlyWhereAllowed() {
        var dataset = GUARDS.dataset("public-security.household-registry");
        Guards.requireOwnerSteward(caller("public-security", "steward"), dataset.owner(), "resolves it");
        Guards.requireOwnerStewardOrAdmin(caller("civil-affairs", "admin"), dataset, "reads its dead letters");

        assertThatThrownBy(() -> Guards.requireOwnerSteward(caller("public-security", "clerk"), dataset.owner(), "resolves it"))
                .isInstanceOf(NotOwnerSteward.class);
        assertThatThrownBy(() -> Guards.requireOwnerSteward(caller("civil-affairs", "steward"), dataset.owner(), "resolves it"))
                .isInstanceOf(NotOwnerSteward.class);
        assertThatThrownBy(() -> Guards.requireOwnerSteward(caller("civil-affairs", "admin"), dataset.owner(), "resolves it"))
                .isInstanceOf(NotOwnerSteward.class);
    }
}
