package io.datarun.connectors.kafka;

import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a connector's batches effectively once: each batch's records, its dead letters and the
 * connector's new source position go to Kafka in one transaction, so either all of them become
 * visible to {@code read_committed} readers or none does.
 *
 * <p>This uses kafka-clients directly rather than camel-kafka: camel-kafka sends one exchange per
 * record and offers no transaction that spans many records <em>and</em> the position record
 * (and no hook to run {@code initTransactions} before we read the position back). The transaction
 * is what makes a crash between "records sent" and "position stored" harmless.
 *
 * <p>Opening one ({@link #open}): create missing topics, {@code initTransactions()} first — which
 * fences a zombie runtime with the same transactional id and aborts its open transaction — then read
 * the offsets topic from the beginning to its end with {@code read_committed} and keep the last
 * value for this connector. A publisher whose {@link #publish} failed is closed by its owner and
 * opened again, which re-reads the committed position: the position in memory never runs ahead of
 * the one in Kafka.
 */
public final class TransactionalPublisher implements AutoCloseable {
    public static final String HEADER_CONNECTOR = PublishedSubjects.HEADER_CONNECTOR;
    public static final String HEADER_POSITION = "datarun.source-position";

    private final String connector;
    private final String dataset;
    private final KafkaProducer<String, byte[]> producer;
    private final RecordCodec codec;
    private final Clock clock;
    private final byte[] committed;
    private final KafkaSettings settings;
    /** The connector header's value and the topic names, the same for every record (a first load sends a million). */
    private final byte[] connectorHeader;
    private final String recordsTopic;
    private final String deadLetterTopic;

    private TransactionalPublisher(KafkaSettings settings, String connector, String dataset,
            KafkaProducer<String, byte[]> producer, RecordCodec codec, Clock clock, byte[] committed) {
        this.settings = settings;
        this.connector = connector;
        this.dataset = dataset;
        this.producer = producer;
        this.codec = codec;
        this.clock = clock;
        this.committed = committed;
        this.connectorHeader = connector.getBytes(StandardCharsets.UTF_8);
        this.recordsTopic = Topics.records(dataset);
        this.deadLetterTopic = Topics.deadLetters(dataset);
    }

    public static String transactionalId(String connector) {
        return "datarun-connector-" + connector;
    }

    public static TransactionalPublisher open(KafkaSettings settings, String connector, String dataset,
            RecordCodec codec, Clock clock) {
        try (Admin admin = Admin.create(settings.clientConfig(Map.of(AdminClientConfig.CLIENT_ID_CONFIG,
                transactionalId(connector) + "-admin")))) {
            TopicProvisioner topics = settings.topics();
            topics.ensure(admin, List.of(topics.recordsTopic(dataset), topics.deadLetterTopic(dataset), topics.offsetsTopic()));
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(settings, connector),
                    new StringSerializer(), new ByteArraySerializer());
            try {
                producer.initTransactions();
                byte[] committed = readCommitted(admin, settings, connector);
                return new TransactionalPublisher(settings, connector, dataset, producer, codec, clock, committed);
            } catch (RuntimeException e) {
                producer.close(Duration.ZERO);
                throw e;
            }
        }
    }

    static Map<String, Object> producerConfig(KafkaSettings settings, String connector) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId(connector));
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(connector));
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // a first load sends tens of thousands of records per transaction: larger batches, a few ms to fill them
        // (no latency for a poll's batch: its commit flushes at once)
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.startTimeout().toMillis());
        return settings.clientConfig(config);
    }

    /**
     * The last committed value for this connector in the offsets topic. The end is taken as the
     * high watermark, not the read_committed end: another connector's open transaction would hold
     * the latter below records this connector committed after it began.
     */
    public static byte[] readCommitted(Admin admin, KafkaSettings settings, String connector) {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        Map<String, Object> config = settings.clientConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, transactionalId(connector) + "-offsets",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CONNECTOR_OFFSETS, settings.startTimeout())
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> ends = highWatermarks(admin, partitions, settings.startTimeout());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            byte[] last = null;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + Topics.CONNECTOR_OFFSETS + " took longer than "
                            + settings.startTimeout() + "; is a transaction left open?");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (connector.equals(record.key())) {
                        last = record.value();
                    }
                }
            }
            return last;
        }
    }

    private static Map<TopicPartition, Long> highWatermarks(Admin admin, List<TopicPartition> partitions, Duration timeout) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(latest).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> ends = new HashMap<>();
            result.forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end of " + Topics.CONNECTOR_OFFSETS + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The subjects whose current record in the dataset topic this connector published: read with
     * {@code read_committed} from the beginning to the end as it is now, a key counts when its last
     * record is a value (not a tombstone) carrying this connector's {@link #HEADER_CONNECTOR} header.
     * A subject another source (another connector, the push API) wrote last is not this connector's.
     * Call it between transactions: a full export compares its keys with these.
     */
    public java.util.Set<String> publishedKeys() {
        return PublishedSubjects.all(settings, transactionalId(connector) + "-keys", connector, dataset);
    }

    /**
     * The subjects this connector published (newest record ours, not a tombstone) that {@code inSource}
     * does not hold, read from the dataset topic: what a key comparison deletes.
     */
    public List<String> publishedSubjectsNotIn(java.util.function.Predicate<String> inSource) {
        return PublishedSubjects.goneFrom(settings, transactionalId(connector) + "-key-check", connector, dataset, inSource);
    }

    /** The progress of a JDBC connector committed when this publisher was opened. */
    public Progress committed() {
        return Messages.parseOffsets(committed);
    }

    /** The progress of a file or custom connector committed when this publisher was opened. */
    public SourceProgress committedSource() {
        return Messages.parseSourceOffsets(committed);
    }

    /**
     * One transaction: every outcome, then the offsets record carrying {@code next}. Throws when
     * anything fails; the transaction is then aborted (when the producer still can) and the caller
     * must {@link #close} this publisher and open a new one.
     */
    public void publish(List<Outcome> outcomes, Progress next) {
        publish(outcomes, Messages.offsets(connector, dataset, next, clock.instant()));
    }

    /** {@link #publish(List, Progress)} for file and custom connectors, whose position is opaque text. */
    public void publish(List<Outcome> outcomes, SourceProgress next) {
        publish(outcomes, Messages.offsets(connector, dataset, next, clock.instant()));
    }

    private void publish(List<Outcome> outcomes, byte[] offsets) {
        Transaction transaction = begin();
        for (Outcome outcome : outcomes) {
            transaction.add(outcome);
        }
        transaction.commit(offsets);
    }

    /**
     * Opens a transaction that the caller fills record by record, so that a large one (a first load
     * commits tens of thousands of rows at a time) is sent while the next rows are read and encoded,
     * and never held in memory whole. Throws like {@link #publish(List, Progress)}, after which this
     * publisher must be closed.
     */
    public Transaction begin() {
        producer.beginTransaction();
        return new Transaction(clock.instant());
    }

    /** One open transaction of this publisher: its outcomes, then the offsets record that commits it. */
    public final class Transaction {
        private final Instant now;

        private Transaction(Instant now) {
            this.now = now;
        }

        /** Sends one outcome (asynchronously; a failure shows at the latest in {@link #commit}). */
        public void add(Outcome outcome) {
            guarded(() -> producer.send(toRecord(outcome, now)));
        }

        /** Sends the offsets record carrying {@code next} and commits: all of it becomes visible, or none. */
        public void commit(Progress next) {
            commit(Messages.offsets(connector, dataset, next, clock.instant()));
        }

        private void commit(byte[] offsets) {
            guarded(() -> {
                producer.send(new ProducerRecord<>(Topics.CONNECTOR_OFFSETS, null, connector, offsets, headers(null)));
                producer.commitTransaction(); // flushes; throws if any send failed
            });
        }

        /** Gives the transaction up after a failure outside Kafka (the source); nothing of it becomes visible. */
        public void abort() {
            try {
                producer.abortTransaction();
            } catch (KafkaException e) {
                // the publisher is closed next anyway, which aborts on the broker's side
            }
        }

        private void guarded(Runnable step) {
            try {
                step.run();
            } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
                throw e; // fatal for this producer: it cannot even abort
            } catch (KafkaException e) {
                try {
                    producer.abortTransaction();
                } catch (KafkaException abortFailed) {
                    e.addSuppressed(abortFailed);
                }
                throw e;
            }
        }
    }

    private ProducerRecord<String, byte[]> toRecord(Outcome outcome, Instant now) {
        if (outcome instanceof Outcome.Accepted accepted) {
            return new ProducerRecord<>(recordsTopic, null, accepted.subjectId(),
                    codec.encode(accepted.record()), headers(outcome));
        }
        if (outcome instanceof Outcome.Deleted deleted) {
            return new ProducerRecord<>(recordsTopic, null, deleted.subjectId(), null, headers(outcome));
        }
        Outcome.Rejected rejected = (Outcome.Rejected) outcome;
        return new ProducerRecord<>(deadLetterTopic, null, rejected.position().rowKey(),
                Messages.deadLetter(connector, dataset, rejected, now), headers(outcome));
    }

    private RecordHeaders headers(Outcome outcome) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HEADER_CONNECTOR, connectorHeader);
        if (outcome != null) {
            headers.add(HEADER_POSITION, Messages.positionHeader(outcome.position()));
        }
        return headers;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
