package io.datarun.connectors.jdbc;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A first load's cursor read one step ahead on a thread of its own: while the connector maps, validates
 * and encodes rows (and the Kafka producer sends them), this thread waits for the database's next fetch
 * and decodes its rows, so the two halves of the work overlap instead of taking turns. At most
 * {@code capacity} rows wait in between. Only this thread touches the cursor until {@link #close},
 * which stops it before the cursor is closed, so the connection is never used by two threads at once.
 */
public final class PrefetchedRows implements AutoCloseable {
    private static final Object END = new Object();

    private final SnapshotCursor cursor;
    private final BlockingQueue<Object> queue;
    private final Thread reader;
    private volatile boolean closing;
    private boolean ended;

    private record Failure(Exception cause) {
    }

    public PrefetchedRows(SnapshotCursor cursor, int capacity, String threadName) {
        this.cursor = cursor;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.reader = new Thread(this::read, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            Object item;
            do {
                Object row;
                try {
                    row = cursor.next();
                } catch (SQLException | RuntimeException e) {
                    row = new Failure(e);
                }
                item = row == null ? END : row;
                offer(item);
            } while (!closing && !(item == END || item instanceof Failure));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        }
    }

    private void offer(Object item) throws InterruptedException {
        while (!closing && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
            // the consumer is busy (or gone: closing ends the wait)
        }
    }

    /** The next row, or null when the pass has read every row; the reader's failure, if it failed. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> next() throws SQLException {
        if (ended) {
            return null;
        }
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the source's next rows", e);
        }
        if (item == END) {
            ended = true;
            return null;
        }
        if (item instanceof Failure failure) {
            ended = true;
            throw failure.cause() instanceof SQLException sql ? sql : new SQLException(failure.cause());
        }
        return (Map<String, Object>) item;
    }

    /** Stops the reader (it finishes the fetch it may be waiting for), then closes the cursor. */
    @Override
    public void close() {
        closing = true;
        reader.interrupt();
        queue.clear();
        try {
            reader.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cursor.close();
    }
}
