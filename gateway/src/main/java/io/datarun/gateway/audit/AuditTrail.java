package io.datarun.gateway.audit;

import io.datarun.gateway.config.GatewayConfig;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.failure.Unavailable;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Appends audit events to {@code datarun._audit} and returns only once Kafka holds them
 * (acks=all, transaction committed): callers answer their request after that, never before.
 *
 * <p>Each replica writes its own chain (named by its advertised address, {@code gateway} for a
 * single replica) through one transactional producer ({@code transactional.id =
 * datarun-gateway-audit-<chain>}), so a zombie process with the same name is fenced. One writer
 * thread serializes the chain: it takes every waiting request's events, links them to the head,
 * and commits them in one transaction (group commit). At start, and after any failure, it
 * re-opens the producer (which settles a transaction left open) and re-reads its head from the
 * topic, waiting until every event written so far is committed, so the chain never forks.
 */
@ApplicationScoped
public class AuditTrail implements AuditSink {
    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    /** How long the writer's producer may take over one group commit before it starts over. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    /** How long a request waits for its events by default; longer, and it is answered 503. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_BATCH = 256;
    static final int MAX_QUEUED_REFUSALS = 1000;

    private final KafkaClients kafka;
    private final TopicProvisioner provisioner;
    private final String chain;
    private final Clock clock;
    private final RequestIdSource requestIds;
    private final Duration answerTimeout;
    private final AuditKey key;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** From an event offered to its commit in the audit topic: the price every audited answer pays. */
    private final Timer writeTime = Timer.builder("datarun.audit.write")
            .description("time from an audit event offered to its commit in datarun._audit")
            .publishPercentileHistogram().register(Metrics.globalRegistry);
    private final AtomicInteger refusalsQueued = new AtomicInteger();
    private final AtomicLong refusalsDropped = new AtomicLong();
    private volatile ChainVerifier.Checkpoint committedHead;
    /** Where the committed head is also kept, outside Kafka, so a restart can tell a cut-off chain. */
    private java.nio.file.Path anchorFile;
    private String clusterId = "";
    private String topic = Topics.AUDIT;
    private volatile boolean running = true;
    private Thread writer;
    // owned by the writer thread
    private KafkaProducer<String, byte[]> producer;
    private AuditEvent head;

    @Inject
    public AuditTrail(GatewayConfig config, KafkaClients kafka, TopicProvisioner provisioner, Clock clock,
            RequestIdSource requestIds, AuditKey key) {
        this(kafka, provisioner, config.advertisedAddress().orElse("gateway").replace(':', '-'), clock,
                requestIds, key, config.answerTimeout());
        anchorAt(config.stateDir().resolve("audit-anchor-" + chain));
    }

    /**
     * Keeps the chain's committed head in {@code file} too (call before {@link #start}): the
     * monotonic anchor a restarted writer compares the topic with (see {@link AuditAnchor}).
     */
    public AuditTrail anchorAt(java.nio.file.Path file) {
        this.anchorFile = file;
        return this;
    }

    /** Writes to {@code name} instead of {@code datarun._audit} (a copy for a drill; call before {@link #start}). */
    public AuditTrail onTopic(String name) {
        this.topic = name;
        return this;
    }

    /** A writer of the named chain whose callers wait {@link #ANSWER_TIMEOUT} at most. */
    public AuditTrail(KafkaClients kafka, TopicProvisioner provisioner, String chain, Clock clock,
            RequestIdSource requestIds, AuditKey key) {
        this(kafka, provisioner, chain, clock, requestIds, key, ANSWER_TIMEOUT);
    }

    /**
     * A writer of the named chain; {@link RequestIdSource#NONE} outside requests (tools, tests);
     * {@code answerTimeout}: how long {@link #record} waits before the request is answered 503.
     */
    public AuditTrail(KafkaClients kafka, TopicProvisioner provisioner, String chain, Clock clock,
            RequestIdSource requestIds, AuditKey key, Duration answerTimeout) {
        this.answerTimeout = answerTimeout;
        this.key = key;
        this.kafka = kafka;
        this.provisioner = provisioner;
        this.chain = chain;
        this.clock = clock;
        this.requestIds = requestIds;
    }

    /** Makes sure the topic exists and starts the writer thread. */
    public void start() {
        try (Admin admin = kafka.admin()) {
            provisioner.ensure(admin, List.of(provisioner.auditTopic()));
            clusterId = admin.describeCluster().clusterId().get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the Kafka cluster id for the audit anchor", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (committedHead == null && anchorFile != null) {
            committedHead = AuditAnchor.read(anchorFile, chain, clusterId).orElse(null);
        }
        writer = new Thread(this::run, "audit-writer-" + chain);
        writer.setDaemon(true);
        writer.start();
    }

    /** The chain this replica writes. */
    public String chain() {
        return chain;
    }

    public void record(AuditEntry entry) {
        record(List.of(entry));
    }

    /**
     * Appends the entries as consecutive events of this replica's chain and waits until Kafka has
     * committed them; answers 503 {@code audit-unavailable} when it cannot, so the request that
     * caused them is not answered either.
     */
    @Override
    public void record(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Pending pending = new Pending(entries, requestId(), clock.instant(), new CompletableFuture<>());
        if (!running) {
            throw unavailable();
        }
        queue.add(pending);
        try {
            pending.done().get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the caller is answered 503 now; the writer skips the request if it has not taken it yet
            pending.done().cancel(false);
            LOG.errorf("audit event not written in time action=%s requestId=%s timeout=%s", entries.get(0).action(),
                    pending.requestId(), answerTimeout);
            throw unavailable();
        } catch (ExecutionException e) {
            LOG.errorf("audit event not written action=%s requestId=%s error=%s", entries.get(0).action(),
                    pending.requestId(), e.getCause());
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
    }

    /**
     * Records a refusal (401, 403 before any service ran) without waiting for Kafka: the refused
     * request returns nothing, so there is nothing to hold back until the event is durable. At most
     * {@link #MAX_QUEUED_REFUSALS} wait at once; beyond that they are counted, not queued, and the
     * count is recorded as a {@code refusals-dropped} event with the next refusal that fits, so a
     * flood of forged tokens (each its own rate-limit bucket) cannot exhaust memory nor starve reads.
     */
    public void offerRefusal(AuditEntry entry) {
        if (!running) {
            return;
        }
        if (refusalsQueued.incrementAndGet() > MAX_QUEUED_REFUSALS) {
            refusalsQueued.decrementAndGet();
            refusalsDropped.incrementAndGet();
            return;
        }
        List<AuditEntry> entries = new ArrayList<>(2);
        long dropped = refusalsDropped.getAndSet(0);
        if (dropped > 0) {
            entries.add(AuditEntry.anonymous(AuditAction.REFUSALS_DROPPED, null, null, AuditOutcome.DROPPED,
                    "count=" + dropped + " (refusals beyond " + MAX_QUEUED_REFUSALS + " waiting were counted, not recorded)"));
            LOG.warnf("audit refusals dropped count=%d (more than %d waiting)", dropped, MAX_QUEUED_REFUSALS);
        }
        entries.add(entry);
        CompletableFuture<Void> done = new CompletableFuture<>();
        done.whenComplete((ok, failure) -> refusalsQueued.decrementAndGet());
        queue.add(new Pending(entries, requestId(), clock.instant(), done));
    }

    /** The last event of this replica's chain known committed; a checkpoint against tail truncation. */
    public java.util.Optional<ChainVerifier.Checkpoint> committedHead() {
        return java.util.Optional.ofNullable(committedHead);
    }

    private static RuntimeException unavailable() {
        return new Unavailable(Unavailable.Part.AUDIT);
    }

    private String requestId() {
        return requestIds.current().orElseGet(() -> UUID.randomUUID().toString());
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
                            + "give every gateway replica its own datarun.gateway.advertised-address", chain);
                }
                batch.forEach(p -> p.done().completeExceptionally(e));
                reset();
            }
        }
        reset();
    }

    private void open() {
        if (producer != null) {
            return;
        }
        producer = kafka.producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "datarun-gateway-audit-" + chain,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // a crashed replica's open transaction holds back committed readers at most this long
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis(),
                ProducerConfig.CLIENT_ID_CONFIG, "datarun-gateway-audit-" + chain),
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions(); // settles whatever a previous incarnation left open
        AuditEvent found = readHead();
        // fail closed: until an operator looks, no event is linked to a chain that lost what was committed
        AuditAnchor.requireReached(chain, committedHead, found);
        head = found;
        if (head != null) {
            committedHead = new ChainVerifier.Checkpoint(chain, head.seq(), head.hash());
            AuditAnchor.write(anchorFile, committedHead, clusterId);
        }
        LOG.infof("audit chain '%s' resumes after seq %s", chain, head == null ? "(none: new chain)" : head.seq());
    }

    private AuditEvent readHead() {
        long written;
        try (KafkaConsumer<String, byte[]> all = AuditTopic.consumer(kafka, false)) {
            written = new AuditTopic(all, topic).end();
        }
        try (KafkaConsumer<String, byte[]> committed = AuditTopic.consumer(kafka, true)) {
            AuditEvent last = new AuditTopic(committed, topic).lastOf(chain, written, READ_TIMEOUT).orElse(null);
            if (last != null && !AuditCodec.hashOf(last, key).equals(last.hash())) {
                // a forged head: linking to it would make the forgery part of the chain
                LOG.errorf("ALERT audit chain '%s' head (seq %d, offset in %s) does not match its hash under the audit "
                        + "key: forged or altered; no event is written until it is investigated", chain, last.seq(),
                        topic);
                throw new IllegalStateException("audit chain '" + chain + "' head is forged");
            }
            return last;
        }
    }

    private void commit(List<Pending> batch) {
        producer.beginTransaction();
        AuditEvent next = head;
        for (Pending pending : batch) {
            for (AuditEntry entry : pending.entries()) {
                next = AuditCodec.seal(new AuditEvent(UUID.randomUUID().toString(), chain,
                        next == null ? 0 : next.seq() + 1, pending.at(), pending.requestId(), entry.action(),
                        entry.user(), entry.department(), entry.dataset(), entry.subjectId(), entry.fields(),
                        entry.purpose(), entry.outcome(), entry.detail(),
                        next == null ? AuditEvent.GENESIS : next.hash(), null), key);
                producer.send(new ProducerRecord<>(topic, 0, chain,
                        AuditCodec.encode(next)));
            }
        }
        producer.commitTransaction(); // flushes and waits for every in-sync replica
        head = next;
        committedHead = new ChainVerifier.Checkpoint(chain, next.seq(), next.hash());
        Instant committed = clock.instant();
        batch.forEach(p -> {
            writeTime.record(Duration.between(p.at(), committed));
            p.done().complete(null);
        });
        // after the answers: the events are durable in Kafka already, and the anchor file (a check
        // against a truncated topic at the next start) need not hold any caller back
        AuditAnchor.write(anchorFile, committedHead, clusterId);
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

    /** Writes what is queued, then stops the writer and closes the producer. */
    public void stop() {
        // the head in the log is an anchor outside Kafka: a later truncation of the chain contradicts it
        committedHead().ifPresent(h -> LOG.infof("audit chain head at stop checkpoint=%s", h));
        running = false;
        if (writer != null) {
            try {
                writer.join(WRITE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Pending(List<AuditEntry> entries, String requestId, Instant at, CompletableFuture<Void> done) {
    }
}
