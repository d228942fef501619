package io.datarun.gateway.audit;

import io.datarun.gateway.audit.AuditChain.Pending;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * Appends audit events to {@code datarun._audit} and returns only once Kafka holds them
 * (acks=all, transaction committed): callers answer their request after that, never before.
 *
 * <p>Each replica writes {@code datarun.gateway.audit-chains} chains of its own, each by its own
 * {@link AuditChain} (writer thread, transactional producer, head, sequence, anchor file), so that
 * the group commits of the chains overlap instead of queueing behind one another. Chain 0 is named
 * by the replica's advertised address ({@code gateway} for a single replica), as the only chain
 * was before there were several; chain {@code i > 0} is {@code <replica>~<i>} ({@code ~} is not
 * part of any host name, so no other replica's chain can be named so). Every chain's
 * {@code transactional.id} is {@code datarun-gateway-audit-<chain>}: a second process with the
 * same replica id fences the first chain by chain. A request's events all go to the one chain its
 * request id hashes to, consecutively; across chains, events are ordered by their time only.
 */
@ApplicationScoped
public class AuditTrail implements AuditSink {
    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    /** Between a replica's name and the number of one of its further chains. */
    public static final String CHAIN_SEPARATOR = "~";
    /** At most this many chains per replica: each holds a thread and a producer with its connections. */
    public static final int MAX_CHAINS = 16;
    /** How long a request waits for its events by default; longer, and it is answered 503. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);
    static final int MAX_QUEUED_REFUSALS = 1000;

    private final KafkaClients kafka;
    private final TopicProvisioner provisioner;
    private final String chain;
    private final Clock clock;
    private final RequestIdSource requestIds;
    private final Duration answerTimeout;
    private final AuditKey key;
    /** From an event offered to its commit in the audit topic: the price every audited answer pays. */
    private final Timer writeTime = Timer.builder("datarun.audit.write")
            .description("time from an audit event offered to its commit in datarun._audit")
            .publishPercentileHistogram().register(Metrics.globalRegistry);
    private final AtomicInteger refusalsQueued = new AtomicInteger();
    private final AtomicLong refusalsDropped = new AtomicLong();
    private int chainCount = 1;
    /** Where chain 0's committed head is also kept, outside Kafka; the others' files are beside it. */
    private java.nio.file.Path anchorFile;
    private String topic = Topics.AUDIT;
    private volatile List<AuditChain> chains = List.of();
    private volatile boolean running = true;

    @Inject
    public AuditTrail(GatewayConfig config, KafkaClients kafka, TopicProvisioner provisioner, Clock clock,
            RequestIdSource requestIds, AuditKey key) {
        this(kafka, provisioner, config.advertisedAddress().orElse("gateway").replace(':', '-'), clock,
                requestIds, key, config.answerTimeout());
        withChains(config.auditChains());
        anchorAt(config.stateDir().resolve("audit-anchor-" + chain));
    }

    /**
     * Keeps chain 0's committed head in {@code file} too, and chain {@code i}'s in the file of the
     * same name followed by {@code ~i} (call before {@link #start}): the monotonic anchor a restarted
     * writer compares the topic with (see {@link AuditAnchor}).
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

    /** Writes {@code count} chains, 1 to {@value #MAX_CHAINS} (call before {@link #start}). */
    public AuditTrail withChains(int count) {
        if (count < 1 || count > MAX_CHAINS) {
            throw new IllegalArgumentException("datarun.gateway.audit-chains must be 1 to " + MAX_CHAINS + ", not " + count);
        }
        this.chainCount = count;
        return this;
    }

    /** A writer of the named chain whose callers wait {@link #ANSWER_TIMEOUT} at most. */
    public AuditTrail(KafkaClients kafka, TopicProvisioner provisioner, String chain, Clock clock,
            RequestIdSource requestIds, AuditKey key) {
        this(kafka, provisioner, chain, clock, requestIds, key, ANSWER_TIMEOUT);
    }

    /**
     * A writer of the named chain (and, with {@link #withChains}, of its further chains);
     * {@link RequestIdSource#NONE} outside requests (tools, tests); {@code answerTimeout}: how long
     * {@link #record} waits before the request is answered 503.
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

    /** The name of chain {@code index} of the replica whose chain 0 is {@code replica}. */
    public static String chainName(String replica, int index) {
        return index == 0 ? replica : replica + CHAIN_SEPARATOR + index;
    }

    /** Makes sure the topic exists and starts every chain's writer thread. */
    public void start() {
        String clusterId;
        try (Admin admin = kafka.admin()) {
            provisioner.ensure(admin, List.of(provisioner.auditTopic()));
            clusterId = admin.describeCluster().clusterId().get(AuditChain.READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the Kafka cluster id for the audit anchor", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<AuditChain> started = new ArrayList<>();
        for (int i = 0; i < chainCount; i++) {
            java.nio.file.Path anchor = anchorFile == null || i == 0 ? anchorFile
                    : anchorFile.resolveSibling(anchorFile.getFileName() + CHAIN_SEPARATOR + i);
            AuditChain next = new AuditChain(chainName(chain, i), kafka, key, clock, writeTime, topic, anchor);
            next.start(clusterId);
            started.add(next);
        }
        chains = List.copyOf(started);
        LOG.infof("audit trail writes %d chain(s): %s", chains.size(), chains());
    }

    /** Chain 0: the one named by the replica. */
    public String chain() {
        return chain;
    }

    /** Every chain this replica writes, chain 0 first. */
    public List<String> chains() {
        return chains.stream().map(AuditChain::name).toList();
    }

    public void record(AuditEntry entry) {
        record(List.of(entry));
    }

    /**
     * Appends the entries as consecutive events of one of this replica's chains and waits until
     * Kafka has committed them; answers 503 {@code audit-unavailable} when it cannot, so the request
     * that caused them is not answered either.
     */
    @Override
    public void record(List<AuditEntry> entries) {
        try {
            recordAsync(entries).toCompletableFuture().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : unavailable();
        }
    }

    /**
     * {@link #record} without holding the caller's thread: the stage completes on the chain's writer
     * thread once Kafka has committed the entries, or fails with 503 {@code audit-unavailable} when it
     * cannot or has not within the answer timeout — then the writer skips the entries if it has not
     * taken them yet, so a request answered 503 is not recorded as served. The request id is taken
     * now, on the calling (request) thread.
     */
    @Override
    public CompletableFuture<Void> recordAsync(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Pending pending = new Pending(entries, requestId(), clock.instant(), new CompletableFuture<>());
        AuditChain to = running ? chainFor(pending.requestId()) : null;
        if (to == null || !to.running()) {
            return CompletableFuture.failedFuture(unavailable());
        }
        CompletableFuture<Void> answered = new CompletableFuture<>();
        pending.done().whenComplete((ok, error) -> {
            if (error == null) {
                answered.complete(null);
            } else if (!(error instanceof java.util.concurrent.CancellationException)) {
                LOG.errorf("audit event not written action=%s requestId=%s error=%s", entries.get(0).action(),
                        pending.requestId(), error);
                answered.completeExceptionally(unavailable());
            }
        });
        answered.orTimeout(answerTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, error) -> {
            if (error instanceof TimeoutException && pending.done().cancel(false)) {
                // the caller is answered 503 now; the writer skips the request if it has not taken it yet
                LOG.errorf("audit event not written in time action=%s requestId=%s timeout=%s", entries.get(0).action(),
                        pending.requestId(), answerTimeout);
            }
        });
        to.submit(pending);
        return answered.exceptionallyCompose(error -> CompletableFuture.failedFuture(
                error instanceof TimeoutException ? unavailable() : error));
    }

    /**
     * Records a refusal (401, 403 before any service ran) without waiting for Kafka: the refused
     * request returns nothing, so there is nothing to hold back until the event is durable. At most
     * {@link #MAX_QUEUED_REFUSALS} wait at once; beyond that they are counted, not queued, and the
     * count is recorded as a {@code refusals-dropped} event with the next refusal that fits, so a
     * flood of forged tokens (each its own rate-limit bucket) cannot exhaust memory nor starve reads.
     */
    public void offerRefusal(AuditEntry entry) {
        offer(List.of(entry));
    }

    /**
     * Records the entries as {@link #offerRefusal} records one: queued for the next commit, not
     * waited for, bounded the same way. For failures an operation answers with nothing (a 503 after a
     * replica or Kafka did not answer in time), whose answer would otherwise wait up to another answer
     * timeout for the event of the failure itself.
     */
    @Override
    public void offer(List<AuditEntry> offered) {
        if (offered.isEmpty()) {
            return;
        }
        String requestId = requestId();
        AuditChain to = running ? chainFor(requestId) : null;
        if (to == null || !to.running()) {
            return;
        }
        if (refusalsQueued.incrementAndGet() > MAX_QUEUED_REFUSALS) {
            refusalsQueued.decrementAndGet();
            refusalsDropped.incrementAndGet();
            return;
        }
        List<AuditEntry> entries = new ArrayList<>(offered.size() + 1);
        long dropped = refusalsDropped.getAndSet(0);
        if (dropped > 0) {
            entries.add(AuditEntry.anonymous(AuditAction.REFUSALS_DROPPED, null, null, AuditOutcome.DROPPED,
                    "count=" + dropped + " (refusals beyond " + MAX_QUEUED_REFUSALS + " waiting were counted, not recorded)"));
            LOG.warnf("audit refusals dropped count=%d (more than %d waiting)", dropped, MAX_QUEUED_REFUSALS);
        }
        entries.addAll(offered);
        CompletableFuture<Void> done = new CompletableFuture<>();
        done.whenComplete((ok, failure) -> refusalsQueued.decrementAndGet());
        to.submit(new Pending(entries, requestId, clock.instant(), done));
    }

    /** The last event of each of this replica's chains known committed: checkpoints against tail truncation. */
    public List<ChainVerifier.Checkpoint> committedHeads() {
        return chains.stream().flatMap(c -> c.committedHead().stream()).toList();
    }

    /**
     * The chain a request's events go to: its id's hash picks it, so every event of one request
     * (however many times it records) lands in the same chain; the ids are random enough to spread
     * concurrent requests evenly. Null before {@link #start}.
     */
    private AuditChain chainFor(String requestId) {
        List<AuditChain> all = chains;
        return all.isEmpty() ? null : all.get(chainIndex(requestId, all.size()));
    }

    /** Which of {@code chains} chains the events of the request {@code requestId} go to. */
    public static int chainIndex(String requestId, int chains) {
        int mixed = requestId.hashCode() * 0x9E3779B9; // Fibonacci hashing: every bit of the id counts
        return Math.floorMod(mixed ^ (mixed >>> 16), chains);
    }

    private static RuntimeException unavailable() {
        return new Unavailable(Unavailable.Part.AUDIT);
    }

    private String requestId() {
        return requestIds.current().orElseGet(() -> UUID.randomUUID().toString());
    }

    /** Writes what is queued, then stops the writers and closes their producers. */
    public void stop() {
        running = false;
        chains.forEach(AuditChain::stop);
        long deadline = System.nanoTime() + AuditChain.WRITE_TIMEOUT.toNanos();
        chains.forEach(c -> c.awaitStopped(deadline));
    }
}
