package io.datarun.gateway.audit;

import io.datarun.gateway.config.KafkaClients;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.Topics;
import java.io.PrintStream;
import java.time.Duration;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * {@code ./datarun audit verify [--kafka-config client.properties] [--bootstrap host:port] [--topic name] [--key-file file | --dev-key]
 * [--checkpoint chain:seq:hash]...}: checks the audit chain from the command line, without the
 * gateway, under the audit key ({@code --key-file} or {@code DATARUN_AUDIT_KEY}); prints each
 * chain's head as a checkpoint to keep outside Kafka and pass back later against truncation. Prints one line per chain and the verdict; exit
 * code 0 intact, 1 broken, 2 usage or connection problem. Kafka client settings (security included) come from
 * {@code --kafka-config} (a Java client properties file, as Kafka's own tools take it) and the {@code KAFKA_*}
 * environment variables, like every other Kafka client of the gateway.
 */
public final class AuditVerifyMain {
    private AuditVerifyMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** {@code re-anchor}: accepts a restored trail, audited in that trail ({@link AuditReanchor}). */
    private static int reanchor(AuditReanchor reanchor, String chain, java.nio.file.Path anchorFile, String operator,
            String reason, PrintStream out, PrintStream err) {
        if (chain == null || anchorFile == null || reason == null) {
            err.println("audit re-anchor: --chain, --anchor-file and --reason are required");
            return 2;
        }
        try {
            AuditReanchor.Outcome outcome = reanchor.run(chain, anchorFile, operator, reason);
            out.println("restored head " + outcome.restoredHead() + " replaces anchor "
                    + outcome.previousAnchor().map(Object::toString).orElse("(none)"));
            out.println("checkpoint " + outcome.newHead());
            out.println("OK re-anchored chain " + chain + " at its audit-reanchor event; hand the checkpoint to the auditors");
            return 0;
        } catch (RuntimeException e) {
            err.println("audit re-anchor: " + e.getMessage());
            return 1;
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        java.nio.file.Path kafkaConfig = null;
        String bootstrap = null;
        String topicName = Topics.AUDIT;
        // no silent fallback: verifying with the DEV-ONLY key proves nothing about a production trail
        String secret = System.getenv("DATARUN_AUDIT_KEY");
        java.util.List<ChainVerifier.Checkpoint> checkpoints = new java.util.ArrayList<>();
        int i = 0;
        boolean reanchor = false;
        String chainName = null;
        java.nio.file.Path anchorFile = null;
        String operator = System.getenv("USER");
        String reason = null;
        if (i < args.length && args[i].equals("verify")) {
            i++;
        } else if (i < args.length && args[i].equals("re-anchor")) {
            reanchor = true;
            i++;
        }
        for (; i < args.length; i++) {
            if (reanchor && args[i].equals("--chain") && i + 1 < args.length) {
                chainName = args[++i];
            } else if (reanchor && args[i].equals("--anchor-file") && i + 1 < args.length) {
                anchorFile = java.nio.file.Path.of(args[++i]);
            } else if (reanchor && args[i].equals("--operator") && i + 1 < args.length) {
                operator = args[++i];
            } else if (reanchor && args[i].equals("--reason") && i + 1 < args.length) {
                reason = args[++i];
            } else if (args[i].equals("--bootstrap") && i + 1 < args.length) {
                bootstrap = args[++i];
            } else if (args[i].equals("--kafka-config") && i + 1 < args.length) {
                kafkaConfig = java.nio.file.Path.of(args[++i]);
            } else if (args[i].equals("--topic") && i + 1 < args.length) {
                topicName = args[++i];
            } else if (args[i].equals("--key-file") && i + 1 < args.length) {
                try {
                    secret = java.nio.file.Files.readString(java.nio.file.Path.of(args[++i])).strip();
                } catch (java.io.IOException e) {
                    err.println("audit verify: cannot read the key file: " + e.getMessage());
                    return 2;
                }
            } else if (args[i].equals("--dev-key")) {
                err.println("audit verify: WARNING verifying with the DEV-ONLY audit key (the demo's)");
                secret = AuditKey.DEV_SECRET;
            } else if (args[i].equals("--checkpoint") && i + 1 < args.length) {
                try {
                    checkpoints.add(ChainVerifier.Checkpoint.parse(args[++i]));
                } catch (IllegalArgumentException e) {
                    err.println("audit verify: --checkpoint " + args[i] + ": " + e.getMessage());
                    return 2;
                }
            } else if (reanchor) {
                err.println("usage: ./datarun audit re-anchor --chain CHAIN --anchor-file <state-dir>/audit-anchor-CHAIN"
                        + " --reason \"incident and backup\" [--operator NAME] [--kafka-config file] [--bootstrap host:port]"
                        + " [--topic " + Topics.AUDIT + "] [--key-file file | --dev-key]");
                return 2;
            } else {
                err.println("usage: ./datarun audit verify [--kafka-config file] [--bootstrap host:port] [--topic " + Topics.AUDIT + "]"
                        + " [--key-file file | --dev-key] [--checkpoint chain:seq:hash]...   (key also from DATARUN_AUDIT_KEY)");
                return 2;
            }
        }
        if (secret == null || secret.isBlank()) {
            err.println("audit verify: no audit key: pass --key-file file or set DATARUN_AUDIT_KEY to the gateways' key"
                    + " (--dev-key for the demo's DEV-ONLY key)");
            return 2;
        }
        KafkaClients kafka;
        try {
            KafkaClientSettings settings = kafkaConfig == null ? KafkaClientSettings.fromEnvironment(System.getenv())
                    : KafkaClientSettings.load(kafkaConfig, System.getenv());
            kafka = new KafkaClients(bootstrap == null ? settings : settings.withBootstrapServers(bootstrap));
        } catch (java.io.UncheckedIOException e) {
            err.println("audit verify: " + e.getMessage());
            return 2;
        }
        bootstrap = kafka.bootstrapServers();
        if (reanchor) {
            return reanchor(new AuditReanchor(kafka, new AuditKey(secret), topicName), chainName, anchorFile, operator, reason,
                    out, err);
        }
        ChainVerifier.Result result;
        try (KafkaConsumer<String, byte[]> consumer = AuditTopic.consumer(kafka, true)) {
            AuditTopic topic = new AuditTopic(consumer, topicName);
            if (!topic.exists(Duration.ofSeconds(30))) {
                err.println("audit verify: " + bootstrap + " has no topic " + topicName
                        + " (has a gateway run against this cluster? is --bootstrap right?)");
                return 2;
            }
            ChainVerifier verifier = new ChainVerifier(new AuditKey(secret));
            checkpoints.forEach(verifier::expect);
            result = topic.verify(verifier, Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            err.println("audit verify: cannot read " + topicName + " from " + bootstrap + ": " + e.getMessage());
            return 2;
        }
        result.chains().forEach((chain, events) -> out.println("chain " + chain + ": " + events + " events intact"));
        result.heads().forEach((chain, head) -> out.println("checkpoint " + chain + ":" + head.seq() + ":" + head.hash()));
        if (result.ok()) {
            out.println("OK verified=" + result.verified() + " topic=" + topicName);
            return 0;
        }
        ChainVerifier.Broken broken = result.firstBroken();
        out.println("BROKEN verified=" + result.verified() + " firstBroken.offset=" + broken.offset()
                + " firstBroken.eventId=" + broken.eventId() + " reason=" + broken.reason());
        result.broken().forEach(b -> out.println("broken offset=" + b.offset() + " eventId=" + b.eventId()
                + " reason=" + b.reason()));
        return 1;
    }
}
