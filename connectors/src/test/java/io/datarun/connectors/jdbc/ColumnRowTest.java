package io.datarun.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A first load's row answers the lookups the mapping makes whatever case the driver gave its labels
 * (PostgreSQL lower-cases them, H2 upper-cases them), and shows the row as it was read for a dead letter.
 */
class ColumnRowTest {
    private static final ColumnRow.Layout LAYOUT = new ColumnRow.Layout(new String[] {"ID", "sfzh", "Gxsj"});
    private static final LocalDateTime CHANGED = LocalDateTime.of(2024, 5, 1, 8, 0);

    @Test
    void looksColumnsUpWhateverTheCaseOfLabelAndName() {
        ColumnRow row = new ColumnRow(LAYOUT, new Object[] {7L, "110105199001011234", CHANGED});

        assertThat(row.get("id")).isEqualTo(7L);
        assertThat(row.get("Id")).isEqualTo(7L);
        assertThat(row.get("SFZH")).isEqualTo("110105199001011234");
        assertThat(row.get("gxsj")).isEqualTo(CHANGED);
        assertThat(row.containsKey("GXSJ")).isTrue();
    }

    @Test
    void aColumnNotInTheResultIsAbsentNotAnError() {
        ColumnRow row = new ColumnRow(LAYOUT, new Object[] {7L, null, CHANGED});

        assertThat(row.get("xm")).isNull();
        assertThat(row.containsKey("xm")).isFalse();
        assertThat(row.containsKey("sfzh")).isTrue(); // present, with a null value
        assertThat(row.get(42)).isNull();
    }

    @Test
    void showsEveryColumnInResultOrderAndIsUsedAsItIs() {
        ColumnRow row = new ColumnRow(LAYOUT, new Object[] {7L, "x", CHANGED});

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("ID", 7L);
        expected.put("sfzh", "x");
        expected.put("Gxsj", CHANGED);
        assertThat(row).containsExactlyEntriesOf(expected);
        assertThat(SourceRows.caseInsensitive(row)).isSameAs(row);
    }

    @Test
    void twoLabelsDifferingOnlyInCaseAnswerTheLaterOneAsACaseInsensitiveMapWould() {
        ColumnRow row = new ColumnRow(new ColumnRow.Layout(new String[] {"code", "CODE"}), new Object[] {"a", "b"});

        assertThat(row.get("Code")).isEqualTo("b");
    }
}
