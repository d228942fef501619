package io.datarun.gateway.forms;

import io.datarun.testkit.OptionDocs;
import io.datarun.testkit.OptionTables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The form keys table of {@code docs/forms.md} is generated from {@link FormFile}'s {@code @Option}s. */
class FormOptionsDocTest {

    @Test
    void theDocumentedFormKeysAreExactlyTheDeclaredOnes() throws IOException {
        OptionDocs.check(Path.of("../docs/forms.md"), Map.of("form", OptionTables.table(FormFile.class)));
    }
}
