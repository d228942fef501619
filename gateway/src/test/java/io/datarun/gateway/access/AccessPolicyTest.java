package io.datarun.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.gateway.grants.GrantBook;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
    static final DatasetDescriptor HOUSEHOLDS = SchemaRegistry.load().latest("public-security.household-registry").orElseThrow();
    static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
    static final GrantBook BOOK = new GrantBook(
            Map.of("allowance", new Purpose("allowance", Map.of()), "checkup", new Purpose("checkup", Map.of())),
            List.of(
                    new Grant("civil-affairs", HOUSEHOLDS.id(), Set.of("name", "residentId"), Set.of("allowance"), Set.of(),
                            Optional.empty()),
                    new Grant("health", HOUSEHOLDS.id(), Set.of("name"), Set.of("checkup"), Set.of("110105"),
                            Optional.empty()),
                    new Grant("health", HOUSEHOLDS.id(), Set.of("birthDate"), Set.of("checkup"), Set.of("330100"),
                            Optional.empty()),
                    new Grant("old", HOUSEHOLDS.id(), Set.of("name"), Set.of("allowance"), Set.of(),
                            Optional.of(TODAY.minusDays(1)))));
    static final AccessPolicy POLICY = new AccessPolicy(BOOK::grants);

    static Caller caller(String dept, String... divisions) {
        return new Caller("u", dept, Set.of("clerk"), Set.of(divisions));
    }

    @Test
    void ownerSeesEveryFieldWithoutAGrant() {
        AccessDecision decision = POLICY.decide(caller("public-security"), HOUSEHOLDS, "anything", TODAY);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.visibleFields(Optional.of("110105"))).containsExactlyInAnyOrderElementsOf(HOUSEHOLDS.fieldNames());
    }

    @Test
    void consumerSeesOnlyGrantedFieldsForTheGrantedPurpose() {
        assertThat(POLICY.decide(caller("civil-affairs"), HOUSEHOLDS, "allowance", TODAY)
                .visibleFields(Optional.of("110105"))).containsExactlyInAnyOrder("name", "residentId");
        assertThat(POLICY.decide(caller("civil-affairs"), HOUSEHOLDS, "checkup", TODAY).allowed()).isFalse();
    }

    @Test
    void departmentWithoutGrantIsDenied() {
        assertThat(POLICY.decide(caller("market-regulation"), HOUSEHOLDS, "allowance", TODAY).allowed()).isFalse();
    }

    @Test
    void expiredGrantNoLongerCountsButDidTheDayItExpired() {
        assertThat(POLICY.decide(caller("old"), HOUSEHOLDS, "allowance", TODAY).allowed()).isFalse();
        assertThat(POLICY.decide(caller("old"), HOUSEHOLDS, "allowance", TODAY.minusDays(1)).allowed()).isTrue();
    }

    @Test
    void divisionScopedGrantsGiveFieldsOnlyForSubjectsInsideTheirDivisions() {
        AccessDecision health = POLICY.decide(caller("health"), HOUSEHOLDS, "checkup", TODAY);
        assertThat(health.visibleFields(Optional.of("110105"))).containsExactly("name");
        assertThat(health.visibleFields(Optional.of("330106"))).containsExactly("birthDate"); // inside prefecture 3301
        assertThat(health.visibleFields(Optional.of("110108"))).isEmpty();
    }

    @Test
    void tokenDivisionsRestrictEvenTheOwner() {
        AccessDecision chaoyangOnly = POLICY.decide(caller("public-security", "110105"), HOUSEHOLDS, "x", TODAY);
        assertThat(chaoyangOnly.visibleFields(Optional.of("110105"))).isNotEmpty();
        assertThat(chaoyangOnly.visibleFields(Optional.of("110108"))).isEmpty();
        assertThat(chaoyangOnly.visibleFields(Optional.empty())).isEmpty();
    }

    @Test
    void consumersAreDepartmentsWithACurrentGrant() {
        assertThat(POLICY.consumersOf(HOUSEHOLDS.id(), TODAY)).containsExactly("civil-affairs", "health");
    }
}
