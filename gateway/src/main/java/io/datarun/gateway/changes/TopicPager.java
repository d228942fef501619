package io.datarun.gateway.changes;

import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.failure.InvalidCursor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Pages through a topic from a client's cursor with a group-less consumer (assign + seek per
 * request, committed records only) and hands back the cursor just past the last record examined.
 * A record the mapper skips is still passed by the cursor, so resuming from any cursor yields every
 * later kept record exactly once. A few idle consumers are kept for the next request.
 */
public final class TopicPager implements AutoCloseable {
    /** A page returns what it has after this long, with an exact cursor. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** The records a page kept, and the cursor to pass as {@code after} for the next page. */
    public record Page<T>(List<T> items, String next) {
    }

    private final KafkaClients kafka;
    private final String clientId;
    private final int maxLimit;
    /** Pages read at once by one pager; each holds a Kafka consumer, so the bound is also one on consumers. */
    static final int MAX_CONCURRENT_PAGES = 4;
    private final BlockingQueue<KafkaConsumer<String, byte[]>> idle = new ArrayBlockingQueue<>(MAX_CONCURRENT_PAGES);
    private final java.util.concurrent.Semaphore running = new java.util.concurrent.Semaphore(MAX_CONCURRENT_PAGES);

    public TopicPager(KafkaClients kafka, String clientId, int maxLimit) {
        this.kafka = kafka;
        this.clientId = clientId;
        this.maxLimit = maxLimit;
    }

    /**
     * Up to {@code limit} records of {@code topic} after the cursor that {@code map} keeps. A topic
     * that does not exist yet is an empty page. A malformed cursor is a 400 {@code invalid-cursor}.
     */
    public <T> Page<T> page(String topic, String after, int limit,
            Function<ConsumerRecord<String, byte[]>, Optional<T>> map) {
        ChangeCursor cursor = cursor(after);
        acquire();
        try {
            KafkaConsumer<String, byte[]> consumer = borrow();
            boolean healthy = false;
            try {
                Page<T> page = scan(consumer, topic, cursor, limit, map);
                healthy = true;
                return page;
            } finally {
                giveBack(consumer, healthy);
            }
        } finally {
            running.release();
        }
    }

    private <T> Page<T> scan(KafkaConsumer<String, byte[]> consumer, String topic, ChangeCursor cursor, int limit,
            Function<ConsumerRecord<String, byte[]>, Optional<T>> map) {
        List<TopicPartition> partitions = new ArrayList<>();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos != null) {
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        for (Integer partition : cursor.next().keySet()) {
            if (partitions.stream().noneMatch(tp -> tp.partition() == partition)) {
                throw invalidCursor("the cursor names partition " + partition + ", which " + topic + " does not have");
            }
        }
        if (partitions.isEmpty()) {
            return new Page<>(List.of(), cursor.encode());
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, TIMEOUT);
        for (TopicPartition tp : partitions) {
            // an offset below the log start (compacted or deleted away) continues from the oldest kept record
            consumer.seek(tp, Math.max(cursor.next().getOrDefault(tp.partition(), 0L), beginning.get(tp)));
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT); // read_committed: last stable offsets
        List<T> items = new ArrayList<>();
        Map<Integer, Long> stoppedAt = new HashMap<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (items.size() < limit && !caughtUp(consumer, partitions, end) && System.nanoTime() < deadline) {
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
            for (TopicPartition tp : records.partitions()) {
                for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
                    if (items.size() >= limit) {
                        stoppedAt.putIfAbsent(tp.partition(), record.offset());
                        break;
                    }
                    map.apply(record).ifPresent(items::add);
                }
            }
        }
        Map<Integer, Long> next = new HashMap<>();
        for (TopicPartition tp : partitions) {
            next.put(tp.partition(), stoppedAt.containsKey(tp.partition()) ? stoppedAt.get(tp.partition())
                    : consumer.position(tp, TIMEOUT));
        }
        return new Page<>(items, new ChangeCursor(next).encode());
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp, TIMEOUT) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private static ChangeCursor cursor(String after) {
        if (after == null || after.isBlank()) {
            return new ChangeCursor(Map.of());
        }
        try {
            return ChangeCursor.decode(after.strip());
        } catch (IllegalArgumentException e) {
            throw invalidCursor(e.getMessage());
        }
    }

    private static InvalidCursor invalidCursor(String why) {
        return new InvalidCursor(why);
    }

    /** Waits a page's time for a free slot; beyond that the caller is told to retry (no queue builds up). */
    private void acquire() {
        try {
            if (!running.tryAcquire(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new io.datarun.gateway.failure.Unavailable(io.datarun.gateway.failure.Unavailable.Part.BUSY);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.datarun.gateway.failure.Unavailable(io.datarun.gateway.failure.Unavailable.Part.BUSY);
        }
    }

    private KafkaConsumer<String, byte[]> borrow() {
        KafkaConsumer<String, byte[]> consumer = idle.poll();
        if (consumer != null) {
            return consumer;
        }
        return kafka.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxLimit,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void giveBack(KafkaConsumer<String, byte[]> consumer, boolean healthy) {
        if (healthy) {
            consumer.unsubscribe();
            if (idle.offer(consumer)) {
                return;
            }
        }
        consumer.close(Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        KafkaConsumer<String, byte[]> consumer;
        while ((consumer = idle.poll()) != null) {
            consumer.close(Duration.ofSeconds(1));
        }
    }
}
