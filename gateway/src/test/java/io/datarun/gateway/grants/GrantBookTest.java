package io.datarun.gateway.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.options.OptionsFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grants file is bound strictly to {@link GrantsFile} (an unknown key is refused naming the
 * file, the line and the allowed keys) and each of its grants passes the grants API's validator.
 */
class GrantBookTest {
    static final SchemaRegistry REGISTRY = SchemaRegistry.load();
    static final String DIRECTORY = """
            departments:
              - code: public-security
                name: {zh-CN: 公安局}
              - code: civil-affairs
                name: {zh-CN: 民政局}
            purposes:
              - code: allowance
                title: {zh-CN: 低保}
            grants:
            """;
    static final String GRANT = """
              - consumer: civil-affairs
                dataset: public-security.household-registry
                fields: [name, residentId]
                purposes: [allowance]
            """;

    static GrantBook load(Path dir, String text) throws IOException {
        Path file = dir.resolve("grants.yaml");
        Files.writeString(file, text);
        return GrantBook.load(file, REGISTRY);
    }

    @Test
    void theDemoAndTestGrantsFilesLoad() {
        assertThat(GrantBook.load(Path.of("../deploy/config/grants.yaml"), REGISTRY).grants()).isNotEmpty();
        assertThat(GrantBook.load(Path.of("src/test/resources/grants-test.yaml"), REGISTRY).grants()).isNotEmpty();
    }

    @Test
    void whenAFileGrantIsValidThenItIsLoaded(@TempDir Path dir) throws IOException {
        GrantBook book = load(dir, DIRECTORY + GRANT + "    divisions: [\"110105\"]\n    expires: 2099-12-31\n");
        assertThat(book.grants()).singleElement().satisfies(grant -> {
            assertThat(grant.consumer()).isEqualTo("civil-affairs");
            assertThat(grant.fields()).containsExactlyInAnyOrder("name", "residentId");
            assertThat(grant.divisions()).containsExactly("110105");
            assertThat(grant.expires()).contains(LocalDate.of(2099, 12, 31));
        });
        assertThat(book.departments()).containsOnlyKeys("public-security", "civil-affairs");
        assertThat(book.isRegistered("allowance")).isTrue();
    }

    @Test
    void whenAKeyIsUnknownThenTheFileIsRefusedNamingTheLineAndTheAllowedKeys(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, DIRECTORY + GRANT + "    purpose: [allowance]\n"))
                .isInstanceOf(OptionsFileException.class)
                .hasMessageEndingWith("grants.yaml: grants[0].purpose: unknown key; expected one of consumer, dataset, "
                        + "divisions, expires, fields, purposes (line 14)");
        assertThatThrownBy(() -> load(dir, "grantz: []\n" + DIRECTORY))
                .hasMessageEndingWith("grants.yaml: grantz: unknown key; expected one of departments, grants, purposes (line 1)");
        assertThatThrownBy(() -> load(dir, DIRECTORY.replace("    title:", "    titel:")))
                .hasMessageContaining("grants.yaml: purposes[0].titel: unknown key; expected one of code, title (line 8)");
    }

    @Test
    void whenTheGrantsApiWouldRefuseAFileGrantThenTheFileIsRefusedNamingTheGrantAndItsLine(@TempDir Path dir) {
        // a division code the API refuses (not six digits)
        assertThatThrownBy(() -> load(dir, DIRECTORY + GRANT + "    divisions: [\"1101\"]\n"))
                .hasMessageContaining("grants.yaml: grants[0].divisions[0]: the grants API would refuse this grant: "
                        + "divisions[0]: expected a six-digit administrative division code (GB/T 2260)")
                .hasMessageEndingWith("(line 14)");
        // the owner reads its own datasets without a grant
        assertThatThrownBy(() -> load(dir, DIRECTORY + GRANT.replace("consumer: civil-affairs", "consumer: public-security")))
                .hasMessageContaining("grants[0].consumer: the grants API would refuse this grant")
                .hasMessageContaining("(consumer.is-owner)").hasMessageEndingWith("(line 10)");
        // every failing key is named, not only the first
        assertThatThrownBy(() -> load(dir, DIRECTORY + GRANT.replace("[allowance]", "[allowance, fun]")
                .replace("[name, residentId]", "[name, salary]")))
                .hasMessageContaining("fields[1]: 'salary' is not a field of public-security.household-registry")
                .hasMessageContaining("purposes[1]: 'fun' is not a registered purpose");
        // a malformed expiry
        assertThatThrownBy(() -> load(dir, DIRECTORY + GRANT + "    expires: next year\n"))
                .hasMessageContaining("grants[0].expires: the grants API would refuse this grant").hasMessageContaining("(expires.format)");
    }

    @Test
    void whenAFileGrantHasExpiredThenTheGatewayStillStartsAndTheGrantGrantsNothingLater(@TempDir Path dir) throws IOException {
        // refusing it would stop every restart from the day it ends; the registry no longer counts it
        GrantBook book = load(dir, DIRECTORY + GRANT + "    expires: 2020-01-31\n");
        assertThat(book.grants()).singleElement().satisfies(grant ->
                assertThat(grant.expires()).contains(LocalDate.of(2020, 1, 31)));
    }

    @Test
    void whenTheDirectoryIsMissingThenTheFileIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, "purposes: []\ngrants: []\n"))
                .hasMessageContaining("grants.yaml: departments: the department directory is missing");
    }
}
