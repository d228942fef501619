package io.datarun.gateway.forms;

import io.datarun.schemas.options.InvalidOption;
import io.datarun.schemas.options.Option;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A form definition file as written: its keys declared once here, so {@link FormCatalog} refuses
 * any other (naming the file, the line and the allowed keys) and {@code docs/forms.md}'s tables are
 * checked against them. What needs the schemas (datasets, fields) is checked by the catalog.
 */
public record FormFile(
        @Option(description = "stable id, used in the URL") String id,
        @Option(description = "a whole number from 1; the seal names it; the highest version of an id is served") int version,
        @Option(description = "the form's title by language (`zh-CN`, `en`)", entries = "<language>") Map<String, String> title,
        @Option(description = "the purpose a front end should send (informative)") Optional<String> purpose,
        @Option(description = "`person` or `enterprise`", defaultValue = "person") String subjectType,
        @Option(description = "the form's fields, in the order a clerk fills them; at least one", required = true)
        List<Field> fields,
        @Option(description = "list the subject's household: the records of `dataset` with the same `by` value, "
                + "with `fields`; every name checked against the dataset's schema") Optional<Household> household) {
    /** The field types a form may use. */
    public static final Set<String> TYPES = Set.of("text", "date", "enum", "number", "integer", "boolean",
            "resident-id", "division-code", "mobile");

    public FormFile {
        if (version < 1) {
            throw new InvalidOption("version", "expected a whole number >= 1, found " + version);
        }
        if (fields.isEmpty()) {
            throw new InvalidOption("fields", "expected a non-empty list");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            if (!names.add(fields.get(i).name())) {
                throw new InvalidOption("fields[" + i + "].name", "'" + fields.get(i).name() + "' appears twice");
            }
        }
    }

    /** One field of the form. */
    public record Field(
            @Option(description = "the field's name in prefill answers and submissions") String name,
            @Option(description = "the field's label by language", entries = "<language>") Map<String, String> label,
            @Option(description = "`text`, `date` (yyyy-MM-dd), `enum`, `number`, `integer`, `boolean`, `resident-id`, "
                    + "`division-code` or `mobile`; checked on typed values") String type,
            @Option(description = "checked on typed values") Optional<FormField.Constraints> constraints,
            @Option(description = "`<dataset>.<field>` the value comes from, in order of precedence; several fields of one "
                    + "dataset are one datum, the first a record holds answering (an exact decimal, else an older record's double)")
            List<String> sources,
            @Option(description = "where a value the clerk types is written back (a dataset of the clerk's department); "
                    + "also read back after `sources`") Optional<SourceRef> manual,
            @Option(description = "labels for \"the source holds no record of a subject the grant reaches\" "
                    + "(e.g. 未在保); the field is then `absent`, not `manual`; needs `sources`", entries = "<language>")
            Map<String, String> whenAbsent) {

        public Field {
            if (!TYPES.contains(type)) {
                throw new InvalidOption("type", "expected one of " + TYPES.stream().sorted().toList()
                        + ", found '" + type + "'");
            }
            if (sources.isEmpty() && manual.isEmpty()) {
                throw new InvalidOption("", "field '" + name + "' needs 'sources' (dataset.field, in order of precedence), "
                        + "'manual' (where a typed value is written back), or both");
            }
            if (!whenAbsent.isEmpty() && sources.isEmpty()) {
                throw new InvalidOption("whenAbsent", "says what 'no record' means, so field '" + name
                        + "' needs 'sources' to have no record in");
            }
        }
    }

    /** The form-level {@code household:} list (the allowance is assessed per household). */
    public record Household(
            @Option(description = "the list's heading by language", entries = "<language>") Map<String, String> label,
            @Option(description = "the dataset whose records are the members") String dataset,
            @Option(description = "the field members share with the subject (e.g. `householdNumber`)") String by,
            @Option(description = "the members' fields shown; at least one") List<String> fields) {

        public Household {
            if (fields.isEmpty()) {
                throw new InvalidOption("fields", "expected a non-empty list of " + dataset + "'s fields");
            }
        }
    }
}
