package io.datarun.connectors.file;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spreadsheet's data: the header row (column names) and the data rows after it, each with its
 * row number as the spreadsheet shows it (the header is row 1). Wholly blank rows are left out.
 */
public record Sheet(List<String> header, List<Row> rows) {
    public Sheet {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /** One data row: its spreadsheet row number and its cells by column name. */
    public record Row(int number, Map<String, Object> columns) {
    }

    /** Builds a sheet from raw lines; the first non-blank line is the header. */
    static Sheet of(List<List<String>> lines, List<Integer> numbers) {
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            List<String> cells = lines.get(i);
            if (cells.stream().allMatch(c -> c == null || c.isBlank())) {
                continue;
            }
            if (header == null) {
                header = cells.stream().map(c -> c == null ? "" : c.strip()).toList();
                continue;
            }
            Map<String, Object> columns = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                if (!header.get(c).isEmpty()) {
                    columns.putIfAbsent(header.get(c), c < cells.size() ? cells.get(c) : null);
                }
            }
            rows.add(new Row(numbers.get(i), columns));
        }
        return new Sheet(header == null ? List.of() : header, rows);
    }
}
