package io.datarun.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a Markdown file's option tables against the {@link OptionTables} of the records that
 * declare them: each table stands between {@code <!-- options: NAME -->} and {@code <!-- /options -->},
 * and the check fails when one differs from what the annotations say (a key documented that does
 * not exist, one that exists undocumented, a changed default or description).
 * {@code -Ddatarun.docs.write=true} rewrites them in the file instead.
 */
public final class OptionDocs {
    private static final Pattern BLOCK = Pattern.compile("(<!-- options: ([a-z-]+) -->\n)(.*?)(<!-- /options -->)",
            Pattern.DOTALL);

    private OptionDocs() {
    }

    /** @param expected every table {@code docs} must hold, by marker name */
    public static void check(Path docs, Map<String, String> expected) throws IOException {
        String text = Files.readString(docs, StandardCharsets.UTF_8);
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher blocks = BLOCK.matcher(text);
        StringBuilder rewritten = new StringBuilder();
        while (blocks.find()) {
            String name = blocks.group(2);
            documented.put(name, blocks.group(3));
            String table = expected.getOrDefault(name, blocks.group(3));
            blocks.appendReplacement(rewritten, Matcher.quoteReplacement(blocks.group(1) + table + blocks.group(4)));
        }
        blocks.appendTail(rewritten);
        if (Boolean.getBoolean("datarun.docs.write")) {
            Files.writeString(docs, rewritten, StandardCharsets.UTF_8);
            return;
        }

        assertThat(documented.keySet()).as("option tables in %s (markers <!-- options: NAME -->)", docs)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((name, table) -> assertThat(documented.get(name))
                .as("the '%s' option table of %s; rerun with -Ddatarun.docs.write=true to write it from the annotations",
                        name, docs)
                .isEqualTo(table));
    }
}
