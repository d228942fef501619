package io.datarun.schemas.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.validation.RecordValidator;
import io.datarun.schemas.validation.Violation;
import io.datarun.schemas.wire.RecordCodec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * The allowance roll's v2 carries the monthly amount as an Avro decimal(10,2): what the source's
 * DECIMAL, text or a JSON number says arrives to the fen, through the codec and back, never via a
 * double; more decimals or digits than the field allows are refused with a reason, never rounded.
 */
class AmountsAsDecimalsTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.load();
    private final DatasetDescriptor allowance = REGISTRY.latest("civil-affairs.minimum-living-allowance").orElseThrow();
    private final RecordAssembler assembler = new RecordAssembler(new ValueCoercion(),
            new RecordValidator(() -> LocalDate.of(2025, 6, 1)));

    private static Map<String, Object> row(Object amount) {
        Map<String, Object> row = new HashMap<>();
        row.put("residentId", "11010519491231002X");
        row.put("householdNumber", "110105000001");
        row.put("monthlyAmountYuan", amount instanceof BigDecimal d ? d.doubleValue() : 980.1);
        row.put("monthlyAmount", amount);
        row.put("startDate", "2024-01-01");
        row.put("status", "ACTIVE");
        row.put("divisionCode", "110105");
        row.put("updatedAt", "2025-05-30 09:00:00");
        return row;
    }

    @Test
    void version2IsTheLatestAndPassesTheGateBesideVersion1() {
        assertThat(allowance.version()).isEqualTo(2);
        assertThat(allowance.field("monthlyAmount")).isPresent();
        assertThat(allowance.field("monthlyAmountYuan")).isPresent(); // kept: double -> bytes is no compatible change
    }

    @Test
    void whenTheSourceGivesADecimalTextOrADoubleThenTheAmountIsExactToTheFenAndSurvivesTheCodec() {
        RecordCodec codec = new RecordCodec(REGISTRY);
        Map<Object, String> inputs = Map.of(new BigDecimal("980.10"), "980.10", "1,234.5", "1234.50", 980.1, "980.10",
                "99999999.99", "99999999.99", 0.3, "0.30");
        inputs.forEach((input, expected) -> {
            RecordAssembler.Assembly assembly = assembler.assemble(allowance, row(input));
            assertThat(assembly.violations()).as("input %s", input).isEmpty();
            GenericRecord decoded = codec.decode(allowance.id(), codec.encode(assembly.record()));
            assertThat(decoded.get("monthlyAmount")).as("input %s", input).isEqualTo(new BigDecimal(expected));
        });
    }

    @Test
    void whenTheAmountHasMoreDecimalsOrDigitsThanTheFieldThenItIsRefusedNotRounded() {
        assertThat(assembler.assemble(allowance, row("12.345")).violations()).extracting(Violation::field, Violation::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("monthlyAmount", "type.decimal-scale"));
        assertThat(assembler.assemble(allowance, row("123456789.00")).violations()).extracting(Violation::code)
                .containsExactly("type.decimal-precision");
        assertThat(assembler.assemble(allowance, row("九百八十")).violations()).extracting(Violation::code)
                .containsExactly("type.number");
    }
}
