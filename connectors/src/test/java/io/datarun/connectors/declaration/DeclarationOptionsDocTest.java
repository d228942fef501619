package io.datarun.connectors.declaration;

import io.datarun.schemas.options.DeclaredOption;
import io.datarun.schemas.options.Option;
import io.datarun.schemas.options.OptionBinder;
import io.datarun.testkit.OptionDocs;
import io.datarun.testkit.OptionTables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The option tables of {@code docs/connectors.md} are generated from the {@link Option} annotations
 * ({@link OptionDocs}: {@code -Ddatarun.docs.write=true} rewrites them).
 */
class DeclarationOptionsDocTest {
    private static final Path DOCS = Path.of("../docs/connectors.md");

    /** Every table the docs must hold, by marker name. */
    private static Map<String, String> tables() {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("declaration", OptionTables.table(DeclarationFile.class));
        tables.put("every-source", OptionTables.table(Polling.class));
        Option.OneOf kinds = sourceKinds();
        for (Class<? extends Record> kind : kinds.value()) {
            tables.put(OptionBinder.kindOf(kind), OptionTables.table(kind));
        }
        return tables;
    }

    private static Option.OneOf sourceKinds() {
        return DeclaredOption.of(DeclarationFile.class).stream().filter(o -> o.oneOf() != null).findFirst().orElseThrow()
                .oneOf();
    }

    @Test
    void theDocumentedOptionsAreExactlyTheDeclaredOnes() throws IOException {
        OptionDocs.check(DOCS, tables());
    }
}
