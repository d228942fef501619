package io.datarun.gateway.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.gateway.config.GatewayConfig;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.failure.Unavailable;
import io.datarun.gateway.store.RecordStore;
import io.datarun.gateway.usage.JsonSerde;
import io.datarun.schemas.wire.DeadLetter;
import io.datarun.schemas.wire.IntakeCodec;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.SourceOffset;
import io.datarun.schemas.wire.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes one push request as one Kafka transaction, exactly like a connector batch: accepted
 * records, dead letters for the rejected ones, and the source's cumulative counts on the offsets
 * topic (source {@code push.<dataset>.<instance>}). Requests are serialized per replica because one
 * transactional producer carries them; that is the price of "all of a request or none of it".
 */
@ApplicationScoped
public class PushPublisher {
    private static final Logger LOG = Logger.getLogger(PushPublisher.class);
    private final KafkaClients kafka;
    private final Duration answerTimeout;
    private KafkaProducer<String, byte[]> producer; // guarded by this; replaced after a failed transaction
    private final RecordCodec codec;
    private final RecordStore store;
    private final Clock clock;
    private final String instance;
    private final Map<String, long[]> totals = new HashMap<>();

    public PushPublisher(GatewayConfig config, KafkaClients kafka, RecordCodec codec, RecordStore store, Clock clock) {
        this.codec = codec;
        this.store = store;
        this.clock = clock;
        this.instance = config.advertisedAddress().orElse("gateway").replace(':', '-');
        this.kafka = kafka;
        this.answerTimeout = config.answerTimeout();
        this.producer = open();
    }

    /**
     * A transactional producer whose every blocking call is bounded by the answer timeout, so a push
     * during a broker outage is answered 503 in time instead of hanging. {@code initTransactions}
     * fences an earlier producer of this replica and settles what it left open.
     */
    private KafkaProducer<String, byte[]> open() {
        int timeout = (int) answerTimeout.toMillis();
        KafkaProducer<String, byte[]> opened = kafka.producer(Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, timeout - 100),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(1000, timeout),
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "datarun-gateway-push-" + instance,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, "datarun-gateway-push-" + instance),
                new StringSerializer(), new ByteArraySerializer());
        opened.initTransactions();
        return opened;
    }

    public String sourceName(String datasetId) {
        return "push." + datasetId + "." + instance;
    }

    /** Publishes every item; returns the record id ({@code topic-partition-offset}) per accepted index. */
    public synchronized Map<Integer, String> publish(String datasetId, String pushedBy, List<PushItem> items) {
        String source = sourceName(datasetId);
        long[] before = totals.computeIfAbsent(datasetId, id -> committedTotals(source));
        long accepted = items.stream().filter(PushItem::accepted).count();
        long[] after = {before[0] + items.size(), before[1] + accepted, before[2] + items.size() - accepted};
        Instant now = clock.instant();
        Map<Integer, Future<RecordMetadata>> sent = new HashMap<>();
        try {
            if (producer == null) {
                producer = open();
            }
            producer.beginTransaction();
            for (PushItem item : items) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("datarun.connector", source.getBytes(StandardCharsets.UTF_8));
                headers.add("datarun.pushed-by", pushedBy.getBytes(StandardCharsets.UTF_8));
                if (item.accepted()) {
                    sent.put(item.index(), producer.send(new ProducerRecord<>(Topics.records(datasetId), null,
                            item.subjectId(), codec.encode(item.record()), headers)));
                } else {
                    producer.send(new ProducerRecord<>(Topics.deadLetters(datasetId), null, source,
                            deadLetter(datasetId, source, pushedBy, item, now), headers));
                }
            }
            producer.send(new ProducerRecord<>(Topics.CONNECTOR_OFFSETS, source, offsets(datasetId, source, after, now)));
            producer.commitTransaction();
        } catch (KafkaException e) {
            // nothing of the request is visible to readers (read_committed); a fresh producer fences this one
            LOG.warnf("push not published dataset=%s source=%s items=%d error=%s", datasetId, source, items.size(),
                    e.getMessage());
            discardProducer();
            throw new Unavailable(Unavailable.Part.KAFKA);
        }
        totals.put(datasetId, after);
        Map<Integer, String> ids = new HashMap<>();
        sent.forEach((index, future) -> ids.put(index, id(future)));
        return ids;
    }

    private long[] committedTotals(String source) {
        return store.sources().stream().filter(s -> s.source().equals(source)).findFirst()
                .map(s -> new long[] {s.rowsSeen(), s.accepted(), s.deadLettered()})
                .orElse(new long[] {0, 0, 0});
    }

    private static String id(Future<RecordMetadata> future) {
        try {
            RecordMetadata metadata = future.get(); // complete: the transaction committed
            return metadata.topic() + "-" + metadata.partition() + "-" + metadata.offset();
        } catch (ExecutionException e) {
            throw new KafkaException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException(e);
        }
    }

    /** The contract's dead letter ({@link IntakeCodec}), the same connectors write: where it came from, and why. */
    private static byte[] deadLetter(String dataset, String source, String pushedBy, PushItem item, Instant now) {
        ObjectNode position = JsonSerde.MAPPER.createObjectNode().put("pushedBy", pushedBy).put("index", item.index());
        Map<String, String> raw = new LinkedHashMap<>();
        item.raw().forEach((k, v) -> raw.put(k, v == null ? null : v.toString()));
        return IntakeCodec.encode(new DeadLetter(dataset, source, position, raw, item.violations(), now));
    }

    /** The push source's cumulative counts; a push source has no position. */
    private static byte[] offsets(String dataset, String source, long[] totals, Instant now) {
        return IntakeCodec.encode(new SourceOffset(source, dataset, null, totals[0], totals[1], totals[2], now));
    }

    private void discardProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (KafkaException closing) {
                LOG.debugf("closing the push producer: %s", closing.getMessage());
            }
            producer = null;
        }
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
