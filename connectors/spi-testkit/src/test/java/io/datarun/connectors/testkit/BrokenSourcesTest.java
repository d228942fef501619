package io.datarun.connectors.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datarun.connectors.spi.SourceBatch;
import io.datarun.connectors.spi.SourceConnector;
import io.datarun.connectors.spi.SourceRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/** The kit must fail a source that breaks a promise, and say which one. */
class BrokenSourcesTest {

    /** A source that loses the first row of every batch after the first: resuming skips rows. */
    static class Skipping extends ListSourceConformanceTest {
        @Override
        protected SourceConnector newSource() {
            return new ListSource(rows) {
                @Override
                protected List<Map<String, Object>> read(long skip, int max) {
                    return super.read(skip == 0 ? 0 : skip + 1, max);
                }
            };
        }
    }

    /** A source whose position lags one row behind: the last row of each batch comes again. */
    static class Repeating extends ListSourceConformanceTest {
        @Override
        protected SourceConnector newSource() {
            return delegate(new ListSource(rows), batch -> batch.rows().isEmpty() ? batch
                    : new SourceBatch(batch.rows(), String.valueOf(Long.parseLong(batch.next()) - 1)));
        }
    }

    /** A source whose rows depend on the moment, not only on the position. */
    static class Unstable extends ListSourceConformanceTest {
        private int polls;

        @Override
        protected SourceConnector newSource() {
            return delegate(new ListSource(rows), batch -> new SourceBatch(batch.rows().stream()
                    .map(r -> new SourceRow(r.position(), Map.of("changedAt", r.columns().get("changedAt"),
                            "poll", polls++))).toList(), batch.next()));
        }
    }

    /** A source whose rows carry no change time. */
    static class Timeless extends ListSourceConformanceTest {
        @Override
        protected String changeTimeColumn() {
            return "name";
        }
    }

    /** A source that returns rows without moving its position. */
    static class Stuck extends ListSourceConformanceTest {
        @Override
        protected SourceConnector newSource() {
            return delegate(new ListSource(rows), batch -> batch.rows().isEmpty() ? batch
                    : new SourceBatch(batch.rows(), "0"));
        }
    }

    interface Change {
        SourceBatch apply(SourceBatch batch);
    }

    static SourceConnector delegate(SourceConnector source, Change change) {
        return new SourceConnector() {
            @Override
            public void open(io.datarun.connectors.spi.SourceContext context) throws Exception {
                source.open(context);
            }

            @Override
            public SourceBatch poll(String position, int max) throws Exception {
                return change.apply(source.poll(position, max));
            }
        };
    }

    private static void failsSaying(Executable check, String words) {
        AssertionFailedError error = assertThrows(AssertionFailedError.class, check);
        assertTrue(error.getMessage().contains(words), () -> "expected '" + words + "' in: " + error.getMessage());
    }

    @Test
    void whenResumingSkipsRowsThenTheKitSaysSkipped() {
        failsSaying(new Skipping()::resumingFromAReturnedPositionNeitherSkipsNorRepeatsRows, "skipped");
    }

    @Test
    void whenResumingRepeatsRowsThenTheKitSaysRepeated() {
        failsSaying(new Repeating()::resumingFromAReturnedPositionNeitherSkipsNorRepeatsRows, "repeated");
    }

    @Test
    void whenThePositionDoesNotDetermineTheRowsThenTheKitSaysSo() {
        failsSaying(new Unstable()::theSamePositionGivesTheSameRows, "gave different batches");
    }

    @Test
    void whenARowHasNoChangeTimeThenTheKitNamesTheRow() {
        failsSaying(new Timeless()::everyRowCarriesAChangeTime, "not a change time");
    }

    @Test
    void whenRowsDoNotMoveThePositionThenTheKitSaysSo() {
        failsSaying(new Stuck()::positionsAdvance, "did not move the position");
    }

    @Test
    void whenEveryPromiseIsKeptThenEveryCheckPasses() throws Exception {
        List<Executable> checks = new ArrayList<>();
        checks.add(new ListSourceConformanceTest()::anEmptySourceGivesNoRows);
        checks.add(new ListSourceConformanceTest()::theSamePositionGivesTheSameRows);
        checks.add(new ListSourceConformanceTest()::positionsAdvance);
        checks.add(new ListSourceConformanceTest()::resumingFromAReturnedPositionNeitherSkipsNorRepeatsRows);
        checks.add(new ListSourceConformanceTest()::rowsAddedLaterAreReadOnceFromTheLastPosition);
        checks.add(new ListSourceConformanceTest()::everyRowCarriesAChangeTime);
        for (Executable check : checks) {
            try {
                check.execute();
            } catch (Throwable e) {
                throw new AssertionError("a conforming source failed a check", e);
            }
        }
    }
}
