package io.datarun.connectors.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import io.datarun.connectors.declaration.ColumnMapper;
import io.datarun.connectors.declaration.RabbitMqSource;
import io.datarun.connectors.http.HttpJsonSource;
import io.datarun.connectors.spi.RejectedRow;
import io.datarun.connectors.spi.SourceBatch;
import io.datarun.connectors.spi.SourceConnector;
import io.datarun.connectors.spi.SourceContext;
import io.datarun.connectors.spi.SourceRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The RabbitMQ source ({@code kind: rabbitmq}), written against the SPI.
 *
 * <p>It consumes the queue with manual acknowledgement and a prefetch of the batch size. A poll
 * hands out the buffered deliveries (up to {@code max}); the runtime publishes their records and
 * dead letters with the position in one Kafka transaction, and only <em>after</em> the commit does
 * {@link #committed} acknowledge them ({@code basicAck(lastTag, multiple=true)}). When the batch
 * fails, {@link #close} negatively acknowledges them with requeue, and the broker delivers them again.
 *
 * <p>Delivery is therefore at least once: a crash between the commit and the ack re-delivers
 * messages whose records are already in Kafka. Their ids are in the committed position (the last
 * {@code dedupeWindow} ids), so a re-delivered message is acknowledged and dropped, not published
 * again: the <em>effect</em> is once. A message's id is its {@code idField}, else its AMQP
 * {@code message_id}, else the SHA-256 of its body.
 */
public final class RabbitMqQueueSource implements SourceConnector {
    private static final Logger LOG = Logger.getLogger(RabbitMqQueueSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The column a message that is not a JSON object is shown in (and dead-lettered with). */
    public static final String BODY_COLUMN = ColumnMapper.MESSAGE;
    private static final long FIRST_WAIT_MILLIS = 200;
    private static final long NEXT_WAIT_MILLIS = 20;

    /** Test hook: connectors whose next commit is followed by a simulated crash (no ack). */
    private static final Set<String> CRASH_AFTER_NEXT_COMMIT = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Re-delivered messages recognised and dropped, by all instances (for tests and the log). */
    private static final AtomicLong DUPLICATES_DROPPED = new AtomicLong();

    private final RabbitMqSource declaration;
    private final LinkedBlockingQueue<Delivery> buffer = new LinkedBlockingQueue<>();
    private String connectorName = "";
    private Connection connection;
    private Channel channel;
    private volatile boolean cancelled;
    /** The highest delivery tag handed out and not yet acknowledged; -1 when none. */
    private long pendingTag = -1;

    public RabbitMqQueueSource(RabbitMqSource declaration) {
        this.declaration = declaration;
    }

    /**
     * Test hook: after the next commit of this connector, close the broker connection abruptly
     * instead of acknowledging, as a crash between the commit and the ack would. The broker then
     * re-delivers the batch, which must be dropped as already committed.
     */
    public static void simulateCrashAfterNextCommit(String connector) {
        CRASH_AFTER_NEXT_COMMIT.add(connector);
    }

    public static long duplicatesDropped() {
        return DUPLICATES_DROPPED.get();
    }

    @Override
    public void open(SourceContext context) throws Exception {
        connectorName = context.connector();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(declaration.uri());
        factory.setAutomaticRecoveryEnabled(false); // a broken connection fails the poll; the runtime re-opens
        factory.setConnectionTimeout(10_000);
        connection = factory.newConnection("datarun-connector-" + connectorName);
        channel = connection.createChannel();
        channel.basicQos(declaration.batchSize());
        channel.basicConsume(declaration.queue(), false, "datarun-connector-" + connectorName,
                (tag, delivery) -> buffer.add(delivery), tag -> cancelled = true);
    }

    @Override
    public SourceBatch poll(String positionText, int max) throws Exception {
        if (channel == null || !channel.isOpen() || cancelled) {
            throw new IOException("the RabbitMQ channel of queue '" + declaration.queue() + "' is closed"
                    + (channel != null && channel.getCloseReason() != null ? ": " + channel.getCloseReason().getMessage()
                            : cancelled ? ": the broker cancelled the consumer (queue deleted?)" : ""));
        }
        QueuePosition position = QueuePosition.parse(positionText);
        List<SourceRow> rows = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        long lastTag = -1;
        Delivery delivery = buffer.poll(FIRST_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        while (delivery != null) {
            long tag = delivery.getEnvelope().getDeliveryTag();
            Map<String, Object> columns = columns(delivery.getBody());
            String id = id(delivery, columns);
            if (position.contains(id) || ids.contains(id)) {
                // its record (or dead letter) is committed, or is in this batch: only the ack was missing
                channel.basicAck(tag, false);
                DUPLICATES_DROPPED.incrementAndGet();
                LOG.infof("connector=%s queue=%s message id=%s%s dropped: already committed", connectorName,
                        declaration.queue(), id, delivery.getEnvelope().isRedeliver() ? " (re-delivered)" : "");
            } else {
                ObjectNode where = JSON.createObjectNode().put("queue", declaration.queue()).put("messageId", id);
                rows.add(new SourceRow(where.toString(), columns));
                ids.add(id);
                lastTag = tag;
            }
            delivery = rows.size() < max ? buffer.poll(NEXT_WAIT_MILLIS, TimeUnit.MILLISECONDS) : null;
        }
        pendingTag = lastTag;
        if (rows.isEmpty()) {
            return SourceBatch.empty(positionText);
        }
        return new SourceBatch(rows, position.plus(ids, declaration.dedupeWindow()).toText());
    }

    /** After the Kafka commit: acknowledge every delivery of the batch at once. */
    @Override
    public void committed(SourceBatch batch, List<RejectedRow> rejected) throws IOException {
        if (CRASH_AFTER_NEXT_COMMIT.remove(connectorName)) {
            LOG.warnf("connector=%s queue=%s test hook: crashing after the commit, before the ack", connectorName,
                    declaration.queue());
            pendingTag = -1;
            connection.abort();
            return;
        }
        if (pendingTag >= 0) {
            channel.basicAck(pendingTag, true);
            pendingTag = -1;
        }
    }

    /** On failure or stop: what was handed out and not committed goes back to the queue. */
    @Override
    public void close() {
        try {
            if (channel != null && channel.isOpen()) {
                if (pendingTag >= 0) {
                    channel.basicNack(pendingTag, true, true);
                }
                channel.close();
            }
        } catch (Exception e) {
            LOG.debugf(e, "connector=%s closing the RabbitMQ channel failed", connectorName);
        } finally {
            pendingTag = -1;
            buffer.clear(); // unacknowledged: the broker re-delivers them when the connection closes
            if (connection != null) {
                connection.abort();
            }
            channel = null;
            connection = null;
        }
    }

    private static Map<String, Object> columns(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node instanceof ObjectNode object) {
                return HttpJsonSource.flatten(object);
            }
        } catch (IOException e) {
            // not JSON: dead-lettered with its text
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put(BODY_COLUMN, new String(body, StandardCharsets.UTF_8));
        return columns;
    }

    private String id(Delivery delivery, Map<String, Object> columns) {
        if (declaration.idField().isPresent()) {
            Object value = columns.get(declaration.idField().get());
            if (value != null && !value.toString().isBlank()) {
                return value.toString().strip();
            }
        }
        AMQP.BasicProperties properties = delivery.getProperties();
        if (properties != null && properties.getMessageId() != null && !properties.getMessageId().isBlank()) {
            return properties.getMessageId();
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(delivery.getBody()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
