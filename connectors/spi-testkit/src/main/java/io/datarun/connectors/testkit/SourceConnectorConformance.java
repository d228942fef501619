package io.datarun.connectors.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.datarun.connectors.spi.SourceBatch;
import io.datarun.connectors.spi.SourceConnector;
import io.datarun.connectors.spi.SourceContext;
import io.datarun.connectors.spi.SourceRow;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The promises of {@link SourceConnector} that make a custom source effectively once, checked
 * without Kafka. Extend this class in a test of your source and implement the four hooks; JUnit 5
 * runs the checks below on it:
 * <pre>
 * class MySourceConformanceTest extends SourceConnectorConformance {
 *     &#64;TempDir Path dir;
 *     protected SourceConnector newSource() { return new MySource(); }
 *     protected SourceContext context() { return context(Map.of("file", dir.resolve("rows.jsonl").toString())); }
 *     protected void addRows(int count) throws Exception { ... append count new rows to the source ... }
 *     protected String changeTimeColumn() { return "gxsj"; }
 * }
 * </pre>
 *
 * <p>The kit plays the runtime: it opens a source, polls it from a position, treats each batch as
 * committed (calling {@link SourceConnector#committed} with no rejected rows) and continues from
 * the batch's {@code next}; "restarting" means closing the source and opening a new instance at
 * the last committed position. It never publishes anything. Each check starts from an empty source
 * (JUnit makes a new test instance per check, so per-instance fixtures such as {@code @TempDir}
 * fields are fresh).
 */
public abstract class SourceConnectorConformance {
    /** More polls than this to read a few dozen rows means the source never reports that it is done. */
    private static final int MAX_POLLS = 1_000;
    private static final int ROWS = 23;

    /** A new, unopened instance of the source under test, as the runtime creates one per start. */
    protected abstract SourceConnector newSource() throws Exception;

    /** What each instance is opened with; {@link #context(Map)} makes one from options alone. */
    protected abstract SourceContext context() throws Exception;

    /**
     * Puts {@code count} new rows into the source, each different from every row before it and
     * changed later than any of them (appended lines, inserted rows, new items of a service).
     */
    protected abstract void addRows(int count) throws Exception;

    /** The column that holds a row's change time (the one the declaration maps to the dataset's updated-at field). */
    protected abstract String changeTimeColumn();

    /** A context with the given options, for connector {@code conformance} of dataset {@code conformance.test}. */
    protected static SourceContext context(Map<String, String> options) {
        return new SourceContext("conformance", "conformance.test", options, ZoneId.of("Asia/Shanghai"),
                Path.of("conformance.yaml"));
    }

    /**
     * Whether a change-time value is one: date-time and date objects, epoch numbers, or text in an
     * ISO-8601 form ({@code 2025-05-01}, {@code 2025-05-01T08:00:00}, with or without offset) or as
     * {@code 2025-05-01 08:00:00}. Override it when your source delivers change times otherwise.
     */
    protected boolean isChangeTime(Object value) {
        return ChangeTimes.recognised(value);
    }

    @Test
    public void anEmptySourceGivesNoRows() throws Exception {
        try (SourceConnector source = opened()) {
            SourceBatch first = source.poll(null, 10);
            assertEquals(List.of(), first.rows(), "an empty source returned rows");
            assertEquals(List.of(), source.poll(first.next(), 10).rows(),
                    "an empty source returned rows when polled again from the position it returned, " + first.next());
        }
    }

    @Test
    public void theSamePositionGivesTheSameRows() throws Exception {
        addRows(ROWS);
        read(null, 4, false, (source, position, batch) -> {
            // the batch is not committed (a crash before the commit): the same position, again
            assertEquals(batch, source.poll(position, 4), "polling position " + position + " twice gave different batches");
            try (SourceConnector restarted = opened()) {
                assertEquals(batch, restarted.poll(position, 4), "a new instance polling position " + position
                        + " gave a different batch than the running one");
            }
        });
    }

    @Test
    public void positionsAdvance() throws Exception {
        addRows(ROWS);
        Set<String> returned = new HashSet<>();
        Read all = read(null, 3, false, (source, position, batch) -> {
            if (!batch.rows().isEmpty()) {
                assertNotEquals(position, batch.next(), "a batch of " + batch.rows().size()
                        + " rows did not move the position " + position);
                assertTrue(returned.add(batch.next()), "position " + batch.next()
                        + " was returned before: the source went back");
            }
        });
        try (SourceConnector source = opened()) {
            assertEquals(List.of(), source.poll(all.position(), 3).rows(),
                    "after the end, position " + all.position() + " gave rows again");
        }
    }

    @Test
    public void resumingFromAReturnedPositionNeitherSkipsNorRepeatsRows() throws Exception {
        addRows(ROWS);
        List<SourceRow> all = read(null, ROWS + 10, false).rows();
        assertEquals(ROWS, all.size(), "reading the whole source in one large batch");
        for (int batchSize : new int[] {1, 2, 3, 5, 8}) {
            List<SourceRow> resumed = read(null, batchSize, true).rows();
            assertSameRows(all, resumed, "in batches of " + batchSize + ", restarting after each");
        }
    }

    @Test
    public void rowsAddedLaterAreReadOnceFromTheLastPosition() throws Exception {
        addRows(5);
        Read first = read(null, 2, false);
        assertEquals(5, first.rows().size(), "the first five rows");
        addRows(4);
        Read more = read(first.position(), 2, true);
        assertEquals(4, more.rows().size(), "resuming at " + first.position() + " after four more rows were added, "
                + "the source gave " + more.rows().size() + " rows: " + more.rows());
        for (SourceRow row : more.rows()) {
            assertTrue(!first.rows().contains(row), "a row read before came again: " + row);
        }
    }

    @Test
    public void everyRowCarriesAChangeTime() throws Exception {
        addRows(ROWS);
        for (SourceRow row : read(null, 7, false).rows()) {
            Object value = column(row, changeTimeColumn());
            assertTrue(value != null && !value.toString().isBlank(), "row " + row.position() + " has no value in "
                    + changeTimeColumn() + ": " + row.columns());
            assertTrue(isChangeTime(value), "row " + row.position() + " has '" + value + "' in " + changeTimeColumn()
                    + ", not a change time (override isChangeTime if your source writes them otherwise)");
        }
    }

    /** The rows from {@code position} to the end, and the position after them. */
    private record Read(List<SourceRow> rows, String position) {
    }

    /** A check of each batch as it is polled, before it counts as committed. */
    private interface BatchCheck {
        void check(SourceConnector source, String position, SourceBatch batch) throws Exception;
    }

    private Read read(String from, int batchSize, boolean restartEachBatch) throws Exception {
        return read(from, batchSize, restartEachBatch, (source, position, batch) -> { });
    }

    /** Polls from {@code from} to the end as the runtime does, committing each batch after {@code check}. */
    private Read read(String from, int batchSize, boolean restartEachBatch, BatchCheck check) throws Exception {
        List<SourceRow> rows = new ArrayList<>();
        String position = from;
        SourceConnector source = opened();
        try {
            for (int polls = 0; polls < MAX_POLLS; polls++) {
                SourceBatch batch = source.poll(position, batchSize);
                assertTrue(batch.rows().size() <= batchSize, "asked for at most " + batchSize + " rows, got "
                        + batch.rows().size());
                check.check(source, position, batch);
                if (ended(position, batch)) {
                    return new Read(rows, position);
                }
                if (!batch.rows().isEmpty() && Objects.equals(position, batch.next())) {
                    fail("a batch of " + batch.rows().size() + " rows from position " + position
                            + " returned that same position: its rows would be repeated at every poll");
                }
                source.committed(batch, List.of());
                rows.addAll(batch.rows());
                position = batch.next();
                if (restartEachBatch) {
                    source.close();
                    source = opened();
                }
            }
        } finally {
            source.close();
        }
        return fail("the source kept returning batches after " + MAX_POLLS + " polls");
    }

    /** The runtime's rule: no rows and the same position means there is nothing new. */
    private static boolean ended(String position, SourceBatch batch) {
        return batch.rows().isEmpty() && Objects.equals(position, batch.next());
    }

    private SourceConnector opened() throws Exception {
        SourceConnector source = newSource();
        source.open(context());
        return source;
    }

    private static void assertSameRows(List<SourceRow> expected, List<SourceRow> actual, String how) {
        List<SourceRow> missing = new ArrayList<>(expected);
        actual.forEach(missing::remove);
        List<SourceRow> extra = new ArrayList<>(actual);
        expected.forEach(extra::remove);
        assertTrue(missing.isEmpty(), "reading " + how + " skipped " + missing.size() + " rows: " + missing);
        assertTrue(extra.isEmpty(), "reading " + how + " repeated or invented " + extra.size() + " rows: " + extra);
        assertEquals(expected, actual, "reading " + how + " gave the rows in another order");
    }

    private static Object column(SourceRow row, String name) {
        if (row.columns().containsKey(name)) {
            return row.columns().get(name);
        }
        // the runtime's mapping matches column names without regard to case
        return row.columns().entrySet().stream().filter(e -> e.getKey() != null && e.getKey().strip().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
