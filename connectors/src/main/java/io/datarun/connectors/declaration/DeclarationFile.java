package io.datarun.connectors.declaration;

import io.datarun.schemas.options.InvalidOption;
import io.datarun.schemas.options.Option;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys of a declaration file as written, before the dataset is looked up and the mapping
 * checked against its schema ({@link DeclarationReader} does both).
 */
public record DeclarationFile(
        @Option(description = "unique connector name, `^[a-z0-9][a-z0-9._-]{0,99}$`. It is the Kafka transactional id "
                + "(`datarun-connector-<name>`) and the key of its committed position: **renaming a connector starts it "
                + "over**")
        String name,
        @Option(description = "a dataset id the schema registry knows")
        String dataset,
        @Option(description = "where rows come from: its `kind` selects the other keys (tables below)")
        @Option.OneOf({JdbcSource.class, FileSource.class, JavaSource.class, HttpSource.class, RabbitMqSource.class,
                CamelSource.class})
        SourceDeclaration source,
        @Option(required = true, entries = "<field>", description = "schema field → source column (text), or `{column: c, codes: {source "
                + "code: schema value}}`, a constant `{constant: v}` or, for file drops, `{fileTime: modified}` / "
                + "`{fileTime: name}`. Every required field and the subject field must be mapped")
        Map<String, MappedColumn> mapping,
        @Option(description = "`{column, values}` (or just the column): rows whose column holds one of the values "
                + "become tombstones for their subject — see [deletes](#deletes-at-the-source-deleted)")
        Optional<DeletionRule> deleted) {

    /** Connector names become Kafka transactional ids, route ids and offsets keys. */
    public static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,99}$");

    public DeclarationFile {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidOption("name", "expected a name of lower-case letters, digits, '.', '-' or '_' "
                    + "(it becomes the Kafka transactional id), found '" + name + "'");
        }
        mapping = Collections.unmodifiableMap(new LinkedHashMap<>(mapping)); // in the order written
    }
}
