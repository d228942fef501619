package io.datarun.gateway.grants;

import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditKey;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTrail;
import io.datarun.gateway.audit.RequestIdSource;
import io.datarun.gateway.config.GatewayConfig;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./datarun grants sign --operator NAME [--grant ID]... | --all [--bootstrap host:port]
 * [--kafka-config file] [--dev-key]}: signs grants the topic holds without a valid MAC (written before
 * grants were signed), so the replicas apply them again. It never signs silently: without
 * {@code --grant} or {@code --all} it only lists the unsigned grants; each grant it signs is an audit
 * event ({@code grant-sign}, naming the operator) in the operator's own chain. Keys from
 * {@code DATARUN_AUDIT_KEY} (and {@code DATARUN_GRANT_KEY} if the gateways set one); {@code --dev-key}
 * for the demo. Exit 0 done, 1 nothing matched a named grant, 2 usage or connection problem.
 */
public final class GrantSignMain {
    private static final TopicPartition PARTITION = new TopicPartition(Topics.GRANTS, 0);

    private GrantSignMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String operator = null;
        String bootstrap = null;
        java.nio.file.Path kafkaConfig = null;
        boolean all = false;
        boolean devKey = false;
        List<String> named = new ArrayList<>();
        int i = args.length > 0 && args[0].equals("sign") ? 1 : 0;
        for (; i < args.length; i++) {
            switch (args[i]) {
                case "--operator" -> operator = i + 1 < args.length ? args[++i] : null;
                case "--grant" -> named.add(i + 1 < args.length ? args[++i] : "");
                case "--all" -> all = true;
                case "--dev-key" -> devKey = true;
                case "--bootstrap" -> bootstrap = i + 1 < args.length ? args[++i] : null;
                case "--kafka-config" -> kafkaConfig = i + 1 < args.length ? java.nio.file.Path.of(args[++i]) : null;
                default -> {
                    return usage(err, "unknown argument " + args[i]);
                }
            }
        }
        if (operator == null || operator.isBlank()) {
            return usage(err, "--operator names who signs: it goes into the audit trail");
        }
        String auditKey = devKey ? GatewayConfig.AUDIT_DEV_KEY : System.getenv("DATARUN_AUDIT_KEY");
        if (auditKey == null || auditKey.isBlank()) {
            return usage(err, "no audit key: set DATARUN_AUDIT_KEY to the gateways' key (--dev-key for the demo's)");
        }
        GrantSignature signature = Optional.ofNullable(System.getenv("DATARUN_GRANT_KEY")).filter(k -> !k.isBlank())
                .map(GrantSignature::new).orElseGet(() -> GrantSignature.derivedFrom(auditKey));
        KafkaClientSettings settings;
        try {
            settings = kafkaConfig == null ? KafkaClientSettings.fromEnvironment(System.getenv())
                    : KafkaClientSettings.load(kafkaConfig, System.getenv());
        } catch (java.io.UncheckedIOException e) {
            return usage(err, e.getMessage());
        }
        KafkaClients kafka = new KafkaClients(bootstrap == null ? settings : settings.withBootstrapServers(bootstrap));
        Map<String, ConsumerRecord<String, byte[]>> unsigned;
        try {
            unsigned = unsigned(kafka, signature);
        } catch (RuntimeException e) {
            err.println("grants sign: cannot read " + Topics.GRANTS + ": " + e.getMessage());
            return 2;
        }
        unsigned.values().forEach(r -> out.println("unsigned " + r.key() + (r.value() == null ? " (revocation)" : " "
                + describe(r.value()))));
        boolean every = all;
        List<ConsumerRecord<String, byte[]>> chosen = unsigned.values().stream()
                .filter(r -> every || named.contains(r.key())).toList();
        if (chosen.isEmpty()) {
            out.println(every || !named.isEmpty() ? "nothing to sign" : "listed only: name grants with --grant ID or use --all");
            return named.isEmpty() ? 0 : 1;
        }
        AuditTrail trail = new AuditTrail(kafka, new TopicProvisioner(1, Optional.empty(), false), "operator-grants-sign",
                Clock.systemUTC(), RequestIdSource.NONE, new AuditKey(auditKey));
        trail.start();
        try (KafkaProducer<String, byte[]> producer = kafka.producer(Map.of("acks", "all", "enable.idempotence", true),
                new StringSerializer(), new ByteArraySerializer())) {
            for (ConsumerRecord<String, byte[]> record : chosen) {
                ProducerRecord<String, byte[]> signed = new ProducerRecord<>(Topics.GRANTS, 0, record.key(), record.value());
                signed.headers().add(GrantSignature.HEADER, signature.sign(record.key(), record.value()));
                producer.send(signed).get(10, TimeUnit.SECONDS);
                trail.record(AuditEntry.anonymous(AuditAction.GRANT_SIGN, operator, null, AuditOutcome.OK,
                        "grant=" + record.key() + " offset=" + record.offset()
                                + (record.value() == null ? " revocation" : " " + describe(record.value()))));
                out.println("signed " + record.key());
            }
        } catch (Exception e) {
            err.println("grants sign: " + e.getMessage());
            return 2;
        } finally {
            trail.stop();
        }
        return 0;
    }

    /** The latest record of every grant whose MAC is missing or wrong. */
    private static Map<String, ConsumerRecord<String, byte[]>> unsigned(KafkaClients kafka, GrantSignature signature) {
        Map<String, ConsumerRecord<String, byte[]>> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            long end = consumer.endOffsets(List.of(PARTITION), Duration.ofSeconds(30)).get(PARTITION);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(PARTITION) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> latest.put(r.key(), r));
            }
        }
        Map<String, ConsumerRecord<String, byte[]>> unsigned = new LinkedHashMap<>();
        latest.forEach((key, record) -> {
            Header mac = record.headers().lastHeader(GrantSignature.HEADER);
            if (!signature.verifies(key, record.value(), mac == null ? null : mac.value())) {
                unsigned.put(key, record);
            }
        });
        return unsigned;
    }

    private static String describe(byte[] value) {
        try {
            ManagedGrant grant = GrantCodec.decode(value);
            return "consumer=" + grant.grant().consumer() + " dataset=" + grant.grant().dataset() + " fields="
                    + grant.grant().fields() + " purposes=" + grant.grant().purposes();
        } catch (IllegalArgumentException e) {
            return "(not a grant: the replicas ignore it even when signed)";
        }
    }

    private static int usage(PrintStream err, String why) {
        err.println("grants sign: " + why);
        err.println("usage: ./datarun grants sign --operator NAME [--grant ID]... | --all [--bootstrap host:port] "
                + "[--kafka-config file] [--dev-key]");
        return 2;
    }
}
