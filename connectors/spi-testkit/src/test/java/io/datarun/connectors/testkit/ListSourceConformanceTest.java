package io.datarun.connectors.testkit;

import io.datarun.connectors.spi.DefaultSourceConnector;
import io.datarun.connectors.spi.SourceConnector;
import io.datarun.connectors.spi.SourceContext;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kit on a source that keeps every promise: a list that only grows, read by row number. */
class ListSourceConformanceTest extends SourceConnectorConformance {
    private static final LocalDateTime START = LocalDateTime.of(2025, 5, 1, 8, 0);

    /** The source's rows; a test fixture appends to it. */
    protected final List<Map<String, Object>> rows = new ArrayList<>();

    /** Reads {@link #rows} in their order; the position is the number of rows committed. */
    static class ListSource extends DefaultSourceConnector {
        private final List<Map<String, Object>> rows;

        ListSource(List<Map<String, Object>> rows) {
            this.rows = rows;
        }

        @Override
        protected List<Map<String, Object>> read(long skip, int max) {
            return List.copyOf(rows.subList((int) Math.min(skip, rows.size()), (int) Math.min(skip + max, rows.size())));
        }
    }

    @Override
    protected SourceConnector newSource() {
        return new ListSource(rows);
    }

    @Override
    protected SourceContext context() {
        return context(Map.of());
    }

    @Override
    protected void addRows(int count) {
        for (int i = 0; i < count; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            int n = rows.size() + 1;
            row.put("id", n);
            row.put("name", "row " + n);
            row.put("changedAt", START.plusMinutes(n).toString());
            rows.add(row);
        }
    }

    @Override
    protected String changeTimeColumn() {
        return "changedAt";
    }
}
