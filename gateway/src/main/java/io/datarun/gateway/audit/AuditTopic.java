package io.datarun.gateway.audit;

import io.datarun.gateway.config.KafkaClients;
import io.datarun.schemas.wire.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the audit topic (one partition) without a consumer group: forwards for verification,
 * backwards in windows for "newest first" queries and for a writer's chain head.
 */
public final class AuditTopic {
    static final int WINDOW = 2000;
    private final Consumer<String, byte[]> consumer;
    private final TopicPartition partition;

    public AuditTopic(Consumer<String, byte[]> consumer, String topic) {
        this.consumer = consumer;
        this.partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
    }

    /** A consumer that sees committed events only; {@code readCommitted=false} sees every written offset. */
    public static KafkaConsumer<String, byte[]> consumer(KafkaClients kafka, boolean readCommitted) {
        return kafka.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, WINDOW,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "datarun-audit-reader"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    public static AuditTopic of(Consumer<String, byte[]> consumer) {
        return new AuditTopic(consumer, Topics.AUDIT);
    }

    /** True when the topic exists (asked of the cluster, waiting at most {@code timeout}). */
    public boolean exists(Duration timeout) {
        List<org.apache.kafka.common.PartitionInfo> partitions = consumer.partitionsFor(partition.topic(), timeout);
        return partitions != null && !partitions.isEmpty();
    }

    /** One past the last offset this consumer may read (read_committed: the last stable offset). */
    public long end() {
        return consumer.endOffsets(List.of(partition)).get(partition);
    }

    public long beginning() {
        return consumer.beginningOffsets(List.of(partition)).get(partition);
    }

    /** The first offset whose event is at or after {@code epochMillis}; {@link #end()} when none. */
    public long offsetAt(long epochMillis) {
        OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(partition, epochMillis)).get(partition);
        return found == null ? end() : found.offset();
    }

    /**
     * Feeds every record in [from, to) in offset order to {@code visitor} until it returns false;
     * gives up when no record arrives for {@code timeout}.
     */
    public void forward(long from, long to, Duration timeout, Predicate<ConsumerRecord<String, byte[]>> visitor) {
        long deadline = System.nanoTime() + timeout.toNanos();
        consumer.seek(partition, from);
        while (consumer.position(partition) < to) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the audit topic was not read up to offset " + to + ": nothing arrived for "
                        + timeout + " (an open transaction of another writer, or the broker is slow)");
            }
            List<ConsumerRecord<String, byte[]>> records = consumer.poll(Duration.ofMillis(200)).records(partition);
            if (!records.isEmpty()) {
                deadline = System.nanoTime() + timeout.toNanos();
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                if (record.offset() >= to || !visitor.test(record)) {
                    return;
                }
            }
        }
    }

    /**
     * Visits records of [lowest, to) newest first, reading windows of {@value #WINDOW} offsets
     * backwards, until {@code visitor} returns false.
     */
    public void backward(long lowest, long to, Duration timeout, Predicate<ConsumerRecord<String, byte[]>> visitor) {
        long windowEnd = to;
        while (windowEnd > lowest) {
            long windowStart = Math.max(lowest, windowEnd - WINDOW);
            List<ConsumerRecord<String, byte[]>> window = new ArrayList<>();
            forward(windowStart, windowEnd, timeout, window::add);
            window.sort(Comparator.comparingLong(ConsumerRecord<String, byte[]>::offset).reversed());
            for (ConsumerRecord<String, byte[]> record : window) {
                if (!visitor.test(record)) {
                    return;
                }
            }
            windowEnd = windowStart;
        }
    }

    /** The newest committed event of {@code chain} below offset {@code to}, if any. */
    public Optional<AuditEvent> lastOf(String chain, long to, Duration timeout) {
        AuditEvent[] found = new AuditEvent[1];
        backward(beginning(), to, timeout, record -> {
            if (!chain.equals(record.key()) || record.value() == null) {
                return true;
            }
            try {
                found[0] = AuditCodec.decode(record.value());
                return false;
            } catch (IllegalArgumentException unreadable) {
                return true; // not a writer's event; the verifier names it
            }
        });
        return Optional.ofNullable(found[0]);
    }

    /** Checks the whole topic, as committed now, under {@code verifier}'s key and checkpoints. */
    public ChainVerifier.Result verify(ChainVerifier verifier, Duration timeout) {
        forward(beginning(), end(), timeout, record -> verifier.accept(record.offset(), record.key(), record.value()));
        return verifier.result();
    }
}
