package io.datarun.connectors.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A source whose rows have a stable order and can be read from a row number: implement
 * {@link #read} and the position is the number of rows already committed. The worked example is
 * {@code io.datarun.connectors.example.JsonLinesSource}.
 */
public abstract class DefaultSourceConnector implements SourceConnector {
    private SourceContext context;

    @Override
    public void open(SourceContext context) throws Exception {
        this.context = context;
    }

    protected SourceContext context() {
        return context;
    }

    /** Up to {@code max} rows starting at row {@code skip} (0-based), in the source's stable order. */
    protected abstract List<Map<String, Object>> read(long skip, int max) throws Exception;

    @Override
    public SourceBatch poll(String position, int max) throws Exception {
        long skip = position == null ? 0 : Long.parseLong(position);
        List<Map<String, Object>> rows = read(skip, max);
        List<SourceRow> batch = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            batch.add(new SourceRow(String.valueOf(skip + i + 1), rows.get(i)));
        }
        return new SourceBatch(batch, String.valueOf(skip + rows.size()));
    }
}
