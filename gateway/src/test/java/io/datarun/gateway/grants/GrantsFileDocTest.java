package io.datarun.gateway.grants;

import io.datarun.testkit.OptionDocs;
import io.datarun.testkit.OptionTables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grants file's keys table in {@code docs/security.md} is generated from {@link GrantsFile}'s {@code @Option}s. */
class GrantsFileDocTest {

    @Test
    void theDocumentedGrantsFileKeysAreExactlyTheDeclaredOnes() throws IOException {
        OptionDocs.check(Path.of("../docs/security.md"), Map.of("grants-file", OptionTables.table(GrantsFile.class)));
    }
}
