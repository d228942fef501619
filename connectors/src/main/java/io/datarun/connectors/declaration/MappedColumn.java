package io.datarun.connectors.declaration;

import io.datarun.schemas.options.Option;
import java.util.Map;

/**
 * Where one schema field comes from, as a {@code mapping:} entry writes it: the column alone
 * ({@code name: xm}) or with a code table ({@code gender: {column: xb, codes: {"1": MALE}}}).
 */
@Option.Shorthand("column")
public record MappedColumn(
        @Option(description = "the source column: an SQL column name for `jdbc`, the header text for `file`, the JSON "
                + "field (nested ones dotted, `person.name`) for `http` and `rabbitmq`, a column a custom source gives")
        String column,
        @Option(description = "source code → schema value, e.g. `{\"1\": MALE, \"2\": FEMALE}`; text is trimmed "
                + "before the lookup, and a code missing from the table passes through for the schema check to decide")
        Map<String, String> codes) {

    public MappedColumn {
        codes = Map.copyOf(codes);
    }
}
