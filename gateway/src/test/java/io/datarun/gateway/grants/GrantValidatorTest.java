package io.datarun.gateway.grants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datarun.gateway.failure.FieldError;
import io.datarun.gateway.grants.GrantValidator;
import io.datarun.schemas.catalog.SchemaRegistry;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GrantValidatorTest {
    static final GrantValidator VALIDATOR = new GrantValidator(SchemaRegistry.load(), Set.of("allowance", "checkup"));
    static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    static GrantValidator.Result validate(String json) throws Exception {
        return VALIDATOR.validate(new ObjectMapper().readTree(json), TODAY);
    }

    @Test
    void whenAGrantIsValidThenItIsReturnedWithItsSets() throws Exception {
        GrantValidator.Result result = validate("""
                {"consumer": "civil-affairs", "dataset": "public-security.household-registry",
                 "fields": ["name", "residentId"], "purposes": ["allowance"], "divisions": ["110105"], "expires": "2026-11-27"}""");
        assertThat(result.errors()).isEmpty();
        assertThat(result.grant().fields()).containsExactlyInAnyOrder("name", "residentId");
        assertThat(result.grant().expires()).contains(TODAY);
    }

    @Test
    void whenItemsFailThenEachIsNamedByItsPositionInTheList() throws Exception {
        GrantValidator.Result result = validate("""
                {"consumer": "civil-affairs", "dataset": "public-security.household-registry",
                 "fields": ["name", 7, "name", "salary"], "purposes": ["allowance", "fun"],
                 "divisions": ["110105", "1101"], "expires": "2026-11-26"}""");
        assertThat(result.errors()).extracting(FieldError::field, FieldError::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("fields[1]", "type.string"),
                org.assertj.core.groups.Tuple.tuple("fields[2]", "duplicate"),
                org.assertj.core.groups.Tuple.tuple("fields[3]", "field.unknown"),
                org.assertj.core.groups.Tuple.tuple("purposes[1]", "purpose.unknown"),
                org.assertj.core.groups.Tuple.tuple("divisions[1]", "division-code.format"),
                org.assertj.core.groups.Tuple.tuple("expires", "expires.past"));
        assertThat(result.grant()).isNull();
    }
}
