package io.datarun.schemas.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binder on a file shaped like the gateway's: lists of records, booleans, numbers, dates, absent keys. */
class OptionBinderTest {

    record Book(
            @Option(description = "the shelf") String shelf,
            @Option(description = "entries", required = true) List<Entry> entries,
            @Option(description = "labels", entries = "<language>") Map<String, String> label) {
    }

    record Entry(
            @Option(description = "the name") String name,
            @Option(description = "tags") List<String> tags,
            @Option(description = "on loan", defaultValue = "false") boolean lent,
            @Option(description = "price") Optional<Double> price,
            @Option(description = "due") Optional<LocalDate> due,
            @Option(description = "note", nullWhenAbsent = true) String note) {
        Entry {
            if (name.equals("forbidden")) {
                throw new InvalidOption("name", "expected any name but 'forbidden'");
            }
        }
    }

    static OptionsFile<Book> read(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("book.yaml");
        Files.writeString(file, yaml);
        return OptionsFile.read(file, Book.class);
    }

    @Test
    void whenTheFileIsValidThenListsBooleansNumbersDatesAndAbsentKeysAreBound(@TempDir Path dir) throws IOException {
        Book book = read(dir, """
                shelf: A
                label: {zh-CN: 甲, en: A}
                entries:
                  - name: one
                    tags: [x, y]
                    lent: true
                    price: 12.5
                    due: 2027-01-31
                    note: keep
                  - name: two
                """).value();
        assertThat(book.label()).containsExactly(Map.entry("zh-CN", "甲"), Map.entry("en", "A"));
        assertThat(book.entries().get(0)).isEqualTo(new Entry("one", List.of("x", "y"), true, Optional.of(12.5),
                Optional.of(LocalDate.of(2027, 1, 31)), "keep"));
        assertThat(book.entries().get(1)).isEqualTo(new Entry("two", List.of(), false, Optional.empty(), Optional.empty(),
                null));
    }

    @Test
    void whenAKeyIsUnknownOrAValueWrongThenTheFailureNamesTheFileTheItemItsLineAndWhatWasExpected(@TempDir Path dir) {
        assertThatThrownBy(() -> read(dir, "shelf: A\nentries:\n  - name: one\n  - name: two\n    tag: [x]\n"))
                .isInstanceOf(OptionsFileException.class)
                .hasMessageEndingWith("book.yaml: entries[1].tag: unknown key; expected one of due, lent, name, note, price, "
                        + "tags (line 5)")
                .satisfies(e -> {
                    OptionsFileException failure = (OptionsFileException) e;
                    assertThat(failure.keyPath()).isEqualTo("entries[1].tag");
                    assertThat(failure.line()).isEqualTo(5);
                });
        assertThatThrownBy(() -> read(dir, "shelf: A\nentries:\n  - name: one\n    lent: maybe\n"))
                .hasMessageEndingWith("entries[0].lent: expected true or false, found 'maybe' (line 4)");
        assertThatThrownBy(() -> read(dir, "shelf: A\nentries:\n  - name: one\n    tags: [x, [y]]\n"))
                .hasMessageEndingWith("entries[0].tags[1]: expected a single value (line 4)");
        assertThatThrownBy(() -> read(dir, "shelf: A\nentries:\n  - name: one\n    due: soon\n"))
                .hasMessageEndingWith("entries[0].due: expected a date yyyy-MM-dd, found 'soon' (line 4)");
        assertThatThrownBy(() -> read(dir, "shelf: A\nentries:\n  - name: forbidden\n"))
                .hasMessageEndingWith("entries[0].name: expected any name but 'forbidden' (line 3)");
        assertThatThrownBy(() -> read(dir, "shelf: A\n"))
                .hasMessageEndingWith("book.yaml: entries: expected this key, it is missing (line 1)");
        assertThatThrownBy(() -> read(dir, "shelf: [A\n")).hasMessageContaining("book.yaml: expected valid YAML");
    }
}
