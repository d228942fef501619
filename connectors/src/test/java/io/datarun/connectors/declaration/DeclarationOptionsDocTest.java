package io.datarun.connectors.declaration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The option tables of {@code docs/connectors.md} are generated from the {@link Option} annotations:
 * each stands between {@code <!-- options: NAME -->} and {@code <!-- /options -->}, and this test fails
 * when one differs from what the annotations say (a key documented that does not exist, one that
 * exists undocumented, a changed default or description). {@code -Ddatarun.docs.write=true} rewrites
 * them in the file instead.
 */
class DeclarationOptionsDocTest {
    private static final Path DOCS = Path.of("../docs/connectors.md");
    private static final Pattern BLOCK = Pattern.compile("(<!-- options: ([a-z-]+) -->\n)(.*?)(<!-- /options -->)",
            Pattern.DOTALL);

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
        String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
        Map<String, String> expected = tables();
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher blocks = BLOCK.matcher(docs);
        StringBuilder rewritten = new StringBuilder();
        while (blocks.find()) {
            String name = blocks.group(2);
            documented.put(name, blocks.group(3));
            String table = expected.getOrDefault(name, blocks.group(3));
            blocks.appendReplacement(rewritten, Matcher.quoteReplacement(blocks.group(1) + table + blocks.group(4)));
        }
        blocks.appendTail(rewritten);
        if (Boolean.getBoolean("datarun.docs.write")) {
            Files.writeString(DOCS, rewritten, StandardCharsets.UTF_8);
            return;
        }

        assertThat(documented.keySet()).as("option tables in %s (markers <!-- options: NAME -->)", DOCS)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((name, table) -> assertThat(documented.get(name))
                .as("the '%s' option table of %s; rerun with -Ddatarun.docs.write=true to write it from the annotations",
                        name, DOCS)
                .isEqualTo(table));
    }
}
