package io.datarun.gateway.audit;

import io.datarun.gateway.config.KafkaClients;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The writer of one audit chain: its own thread, its own transactional producer
 * ({@code transactional.id = datarun-gateway-audit-<chain>}, so a zombie process writing the same
 * chain is fenced), its own head, sequence and anchor file. The thread takes every request waiting
 * in its queue, links their events to the head and commits them in one transaction (group commit).
 * At its first batch, and after any failure, it re-opens the producer (which settles a transaction
 * left open) and re-reads its head from the topic, waiting until every event written so far is
 * committed, so the chain never forks. {@link AuditTrail} spreads requests over a replica's chains.
 */
final class AuditChain {
    private static final Logger LOG = Logger.getLogger(AuditChain.class);
    /** How long the writer's producer may take over one group commit before it starts over. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** At most this many requests' events in one transaction. */
    static final int MAX_BATCH = 256;
    /** While requests wait, the anchor file is rewritten at most this often (and always when none wait). */
    static final long ANCHOR_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** A request's events waiting to be linked and committed, and the future its caller waits on. */
    record Pending(List<AuditEntry> entries, String requestId, Instant at, CompletableFuture<Void> done) {
    }

    private final String name;
    private final KafkaClients kafka;
    private final AuditKey key;
    private final Clock clock;
    private final Timer writeTime;
    private final String topic;
    private final Path anchorFile;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile ChainVerifier.Checkpoint committedHead;
    private volatile boolean running = true;
    private String clusterId = "";
    private Thread writer;
    // owned by the writer thread
    private KafkaProducer<String, byte[]> producer;
    private AuditEvent head;
    /** Whether the anchor file is behind {@link #committedHead}, and when it was last written. */
    private boolean anchorBehind;
    private long anchorWrittenAt;

    AuditChain(String name, KafkaClients kafka, AuditKey key, Clock clock, Timer writeTime, String topic, Path anchorFile) {
        this.name = name;
        this.kafka = kafka;
        this.key = key;
        this.clock = clock;
        this.writeTime = writeTime;
        this.topic = topic;
        this.anchorFile = anchorFile;
    }

    String name() {
        return name;
    }

    /** Reads the anchor kept for this chain in the cluster {@code clusterId} and starts the writer thread. */
    void start(String clusterId) {
        this.clusterId = clusterId;
        if (committedHead == null && anchorFile != null) {
            committedHead = AuditAnchor.read(anchorFile, name, clusterId).orElse(null);
        }
        writer = new Thread(this::run, "audit-writer-" + name);
        writer.setDaemon(true);
        writer.start();
    }

    /** False once {@link #stop} was called: nothing new is taken. */
    boolean running() {
        return running;
    }

    void submit(Pending pending) {
        queue.add(pending);
    }

    /** The last event of this chain known committed; a checkpoint against tail truncation. */
    Optional<ChainVerifier.Checkpoint> committedHead() {
        return Optional.ofNullable(committedHead);
    }

    /** Tells the writer to commit what is queued and end. */
    void stop() {
        // the head in the log is an anchor outside Kafka: a later truncation of the chain contradicts it
        committedHead().ifPresent(h -> LOG.infof("audit chain head at stop checkpoint=%s", h));
        running = false;
    }

    /** Waits until the writer has ended, at most until {@code deadlineNanos} ({@link System#nanoTime()}). */
    void awaitStopped(long deadlineNanos) {
        if (writer == null) {
            return;
        }
        try {
            writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Pending first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                writeAnchorIfBehind();
                continue;
            }
            List<Pending> drained = new ArrayList<>();
            drained.add(first);
            queue.drainTo(drained, MAX_BATCH - 1);
            // a request already answered 503 (it waited too long) is not recorded as served
            List<Pending> batch = drained.stream().filter(p -> !p.done().isCancelled()).toList();
            if (batch.isEmpty()) {
                continue;
            }
            try {
                open();
                commit(batch);
            } catch (RuntimeException e) {
                if (e instanceof ProducerFencedException) {
                    LOG.errorf("audit chain '%s' is written by another process with the same replica id: "
                            + "give every gateway replica its own datarun.gateway.advertised-address", name);
                }
                batch.forEach(p -> p.done().completeExceptionally(e));
                reset();
            }
        }
        writeAnchorIfBehind();
        reset();
    }

    private void open() {
        if (producer != null) {
            return;
        }
        producer = kafka.producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "datarun-gateway-audit-" + name,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // a crashed replica's open transaction holds back committed readers at most this long
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis(),
                ProducerConfig.CLIENT_ID_CONFIG, "datarun-gateway-audit-" + name),
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions(); // settles whatever a previous incarnation left open
        AuditEvent found = readHead();
        // fail closed: until an operator looks, no event is linked to a chain that lost what was committed
        AuditAnchor.requireReached(name, committedHead, found);
        head = found;
        if (head != null) {
            committedHead = new ChainVerifier.Checkpoint(name, head.seq(), head.hash());
            AuditAnchor.write(anchorFile, committedHead, clusterId);
        }
        LOG.infof("audit chain '%s' resumes after seq %s", name, head == null ? "(none: new chain)" : head.seq());
    }

    private AuditEvent readHead() {
        long written;
        try (KafkaConsumer<String, byte[]> all = AuditTopic.consumer(kafka, false)) {
            written = new AuditTopic(all, topic).end();
        }
        try (KafkaConsumer<String, byte[]> committed = AuditTopic.consumer(kafka, true)) {
            AuditEvent last = new AuditTopic(committed, topic).lastOf(name, written, READ_TIMEOUT).orElse(null);
            if (last != null && !AuditCodec.hashOf(last, key).equals(last.hash())) {
                // a forged head: linking to it would make the forgery part of the chain
                LOG.errorf("ALERT audit chain '%s' head (seq %d, offset in %s) does not match its hash under the audit "
                        + "key: forged or altered; no event is written until it is investigated", name, last.seq(),
                        topic);
                throw new IllegalStateException("audit chain '" + name + "' head is forged");
            }
            return last;
        }
    }

    private void commit(List<Pending> batch) {
        producer.beginTransaction();
        AuditEvent next = head;
        for (Pending pending : batch) {
            // a request's events go out one after the other: consecutive in the chain
            for (AuditEntry entry : pending.entries()) {
                AuditCodec.Sealed sealed = AuditCodec.sealAndEncode(new AuditEvent(UUID.randomUUID().toString(), name,
                        next == null ? 0 : next.seq() + 1, pending.at(), pending.requestId(), entry.action(),
                        entry.user(), entry.department(), entry.dataset(), entry.subjectId(), entry.fields(),
                        entry.purpose(), entry.outcome(), entry.detail(),
                        next == null ? AuditEvent.GENESIS : next.hash(), null), key);
                next = sealed.event();
                producer.send(new ProducerRecord<>(topic, 0, name, sealed.stored()));
            }
        }
        producer.commitTransaction(); // flushes and waits for every in-sync replica
        head = next;
        committedHead = new ChainVerifier.Checkpoint(name, next.seq(), next.hash());
        Instant committed = clock.instant();
        batch.forEach(p -> {
            writeTime.record(Duration.between(p.at(), committed));
            p.done().complete(null);
        });
        // after the answers: the events are durable in Kafka already, and the anchor file (a check
        // against a truncated topic at the next start) need not hold any caller back. Nor the next
        // commit: while requests wait it is rewritten at most every 100 ms (a write and a rename were
        // 7 % of the writer's time between commits); an anchor a little behind the head is still a
        // lower bound the topic must reach, and it is brought up to date whenever the writer is idle
        // and at stop.
        anchorBehind = true;
        if (queue.isEmpty() || System.nanoTime() - anchorWrittenAt >= ANCHOR_EVERY_NANOS) {
            writeAnchorIfBehind();
        }
    }

    private void writeAnchorIfBehind() {
        if (anchorBehind && committedHead != null) {
            AuditAnchor.write(anchorFile, committedHead, clusterId);
            anchorBehind = false;
            anchorWrittenAt = System.nanoTime();
        }
    }

    private void reset() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.debugf("closing the audit producer: %s", e.getMessage());
            }
        }
        producer = null;
        head = null;
    }
}
