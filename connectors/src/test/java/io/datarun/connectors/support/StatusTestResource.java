package io.datarun.connectors.support;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A backfill of known size for the status endpoint: a fresh PostgreSQL table holding {@value #ROWS}
 * rows before the runtime starts ({@value #BAD} of them with a wrong ID checksum), batches of
 * {@value #BATCH_SIZE}, a real broker, and a fixed runtime id.
 */
public class StatusTestResource extends ConnectorsTestResource {
    public static final String CONNECTOR = "ps-status-test";
    public static final String RUNTIME_ID = "status-test-runtime";
    public static final int ROWS = 1200;
    public static final int BAD = 6;
    public static final int BATCH_SIZE = 50;
    /** Watermark of the last row: the position after the backfill. */
    public static final LocalDateTime LAST = LocalDateTime.of(2025, 4, 1, 8, 0).plusSeconds(ROWS - 1);

    private String database;

    public StatusTestResource() {
        super("datarun-status-test");
    }

    @Override
    protected Map<String, String> config(Path root) throws Exception {
        database = TestDatabases.freshName();
        String url = TestDatabases.createPostgres(database);
        HouseholdTable.create(url);
        List<Residents.Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            LocalDateTime ts = LAST.minusSeconds(ROWS - 1 - i);
            rows.add(i % (ROWS / BAD) == 7 ? Residents.badChecksum(ts) : Residents.valid(ts));
        }
        Residents.insert(url, rows);
        Path declarations = root.resolve("declarations");
        HouseholdTable.declare(declarations, CONNECTOR, url, BATCH_SIZE);
        return Map.of(
                "datarun.connectors.dir", declarations.toString(),
                "datarun.connectors.runtime-id", RUNTIME_ID,
                "datarun-test.jdbc-url", url, // other test classes of the module inject it
                "datarun-test.last-row-id", String.valueOf(rows.get(rows.size() - 1).id()));
    }

    @Override
    protected void cleanUp() {
        if (database != null) {
            TestDatabases.dropPostgres(database);
        }
    }
}
