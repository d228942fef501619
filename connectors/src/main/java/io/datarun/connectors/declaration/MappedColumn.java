package io.datarun.connectors.declaration;

import io.datarun.schemas.options.InvalidOption;
import io.datarun.schemas.options.Option;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where one schema field comes from, as a {@code mapping:} entry writes it: the column alone
 * ({@code name: xm}), with a code table ({@code gender: {column: xb, codes: {"1": MALE}}}), a constant
 * ({@code divisionCode: {constant: "110105"}}) or, for file drops, the file's time
 * ({@code updatedAt: {fileTime: modified}}).
 */
@Option.Shorthand("column")
public record MappedColumn(
        @Option(description = "the source column: an SQL column name for `jdbc`, the header text for `file`, the JSON "
                + "field (nested ones dotted, `person.name`) for `http` and `rabbitmq`, a column a custom source gives. "
                + "Give `column`, `constant` or `fileTime`")
        Optional<String> column,
        @Option(description = "source code → schema value, e.g. `{\"1\": MALE, \"2\": FEMALE}`; text is trimmed "
                + "before the lookup, and a code missing from the table passes through for the schema check to decide")
        Map<String, String> codes,
        @Option(description = "instead of a column: the value every record gets, written as the source would give it "
                + "(`\"110105\"`, `\"2025-05-01\"`); checked at the door like a read value")
        Optional<String> constant,
        @Option(description = "instead of a column, `kind: file` only: `modified` (the file's modification time) or "
                + "`name` (the date in the file's name: `2025-05-01`, `20250501`, `2025_05_01`, or `2025-05`/`202505`, "
                + "the first of that month), as a date-time in the source's `zone`")
        Optional<String> fileTime) {

    /** The row columns a file source adds for {@code fileTime}. */
    public static final String FILE_MODIFIED = ColumnMapper.FILE_COLUMN_PREFIX + "modified";
    public static final String FILE_NAME_DATE = ColumnMapper.FILE_COLUMN_PREFIX + "name-date";

    public MappedColumn {
        codes = Map.copyOf(codes);
        int given = (column.isPresent() ? 1 : 0) + (constant.isPresent() ? 1 : 0) + (fileTime.isPresent() ? 1 : 0);
        if (given != 1) {
            throw new InvalidOption("column", "expected exactly one of column, constant or fileTime");
        }
        if (constant.isPresent() && !codes.isEmpty()) {
            throw new InvalidOption("codes", "a constant takes no code table: write the schema value as the constant");
        }
        fileTime.ifPresent(time -> {
            if (!time.strip().toLowerCase(Locale.ROOT).matches("modified|name")) {
                throw new InvalidOption("fileTime", "expected modified or name, found '" + time + "'");
            }
        });
    }

    /** The row column the value is read from: the declared one, or the file-time column a file source adds. */
    public Optional<String> sourceColumn() {
        if (fileTime.isPresent()) {
            return Optional.of(fileTime.get().strip().equalsIgnoreCase("modified") ? FILE_MODIFIED : FILE_NAME_DATE);
        }
        return column;
    }
}
