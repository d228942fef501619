package io.datarun.connectors.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datarun.connectors.deadletter.DeadLetter;
import io.datarun.connectors.deadletter.DeadLetterReplay;
import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.ConnectorDeclarationException;
import io.datarun.connectors.declaration.DeclarationReader;
import io.datarun.connectors.declaration.Placeholders;
import io.datarun.connectors.kafka.KafkaSettings;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.validation.Violation;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.TopicProvisioner;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A data steward's two commands for dead letters (Kafka access needed, like the connector runtime):
 * <pre>
 * datarun connector dead-letters &lt;dataset&gt; [--connector C] [--all] [--raw] [--limit N]
 * datarun connector replay &lt;declaration.yaml&gt; [--dry-run]
 * </pre>
 * Both reach Kafka as the connector runtime does, with the standard client properties: from
 * {@code --kafka-config <client.properties>} (a Java client properties file, as Kafka's console tools
 * take it) over the {@code KAFKA_*} environment variables ({@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_JAAS_CONFIG}, ...); {@code --bootstrap host:port}
 * replaces the bootstrap servers only (default 127.0.0.1:9092). The list shows each letter's topic position, source key and position, and every
 * failed constraint; raw source values only with {@code --raw} (they are personal data).
 * Exit codes: 0 done, 1 Kafka or source failure, 2 usage or declaration error.
 */
public final class DeadLetters {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String USAGE = """
            usage: datarun connector dead-letters <dataset> [--connector C] [--all] [--raw] [--limit N] [KAFKA]
                     lists the dead letters of a dataset; with --connector only those not yet replayed (--all: every one)
                   datarun connector replay <declaration.yaml> [--dry-run] [KAFKA]
                     runs the connector's pending dead letters through its declaration as it is now
              KAFKA: --kafka-config <client.properties> (else the KAFKA_* environment variables), --bootstrap host:port""";

    private final PrintStream out;
    private final PrintStream err;

    public DeadLetters(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(new DeadLetters(out, err).run(args));
    }

    public int run(String... args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return DryRun.DECLARATION_ERROR;
        }
        SchemaRegistry registry = SchemaRegistry.load();
        KafkaSettings kafka;
        try {
            kafka = new KafkaSettings(options.kafka(System.getenv()), new TopicProvisioner(1, Optional.empty(), false),
                    Duration.ofSeconds(30));
        } catch (UncheckedIOException e) {
            err.println(e.getMessage());
            return DryRun.DECLARATION_ERROR;
        }
        DeadLetterReplay replay = new DeadLetterReplay(kafka, new RecordCodec(registry), Clock.systemUTC(), out::println);
        try {
            if (options.command.equals("replay")) {
                ConnectorDeclaration declaration = new DeclarationReader(registry, Placeholders.fromProcess(),
                        new DeclarationReader.Defaults(500, Duration.ofSeconds(2), ZoneId.of("Asia/Shanghai")))
                        .read(Path.of(options.target));
                DeadLetterReplay.Result result = replay.replay(declaration, options.dryRun);
                out.printf("%s%d pending dead letters of connector %s: %d accepted, %d refused again, %d superseded%s%n",
                        result.dryRun() ? "dry run, nothing written: " : "", result.pending(), declaration.name(),
                        result.accepted(), result.refusedAgain(), result.superseded(),
                        result.dryRun() ? "" : " (committed; the refused ones are pending again with their current reasons)");
                return DryRun.OK;
            }
            DatasetDescriptor dataset = registry.latest(options.target).orElseThrow(() -> new IllegalArgumentException(
                    "unknown dataset '" + options.target + "'; known: " + registry.datasetIds()));
            List<DeadLetter> letters = replay.list(dataset, options.connector, options.all);
            Map<String, Integer> byCode = new TreeMap<>();
            int shown = 0;
            for (DeadLetter letter : letters) {
                letter.violations().forEach(v -> byCode.merge(v.code(), 1, Integer::sum));
                if (shown++ < options.limit) {
                    out.println(line(letter, options.raw));
                }
            }
            if (letters.size() > options.limit) {
                out.println("… " + (letters.size() - options.limit) + " more (--limit)");
            }
            out.printf("%d dead letters%s%s%s%n", letters.size(),
                    options.connector == null ? "" : " of connector " + options.connector,
                    options.connector != null && !options.all ? " not yet replayed" : "",
                    byCode.isEmpty() ? "" : byCode.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ", " (", ")")));
            return DryRun.OK;
        } catch (ConnectorDeclarationException e) {
            err.println("declaration error: " + e.getMessage());
            return DryRun.DECLARATION_ERROR;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return DryRun.DECLARATION_ERROR;
        } catch (RuntimeException e) {
            err.println("failed: " + e);
            return DryRun.FAILED;
        }
    }

    private static String line(DeadLetter letter, boolean raw) {
        StringBuilder line = new StringBuilder();
        line.append(letter.partition()).append(':').append(letter.offset())
                .append(" key=").append(letter.key())
                .append(" connector=").append(letter.connector())
                .append(" position=").append(letter.originalPosition())
                .append(" rejectedAt=").append(letter.rejectedAt());
        letter.replayOf().ifPresent(of -> line.append(" replayOf=").append(of));
        line.append(" violations=").append(letter.violations().stream().map(DeadLetters::violation)
                .collect(Collectors.joining("; ")));
        if (raw) {
            line.append(" raw=").append(JSON.valueToTree(letter.raw()).toString());
        }
        return line.toString();
    }

    private static String violation(Violation v) {
        return v.field() + ":" + v.code() + " (" + v.message() + ")";
    }

    private record Options(String command, String target, String connector, boolean all, boolean raw, boolean dryRun,
            int limit, String bootstrap, Path kafkaConfig) {
        /** The client properties: the file (or the environment), then --bootstrap over them. */
        KafkaClientSettings kafka(Map<String, String> env) {
            KafkaClientSettings settings = kafkaConfig != null ? KafkaClientSettings.load(kafkaConfig, env)
                    : KafkaClientSettings.fromEnvironment(env);
            return bootstrap == null ? settings : settings.withBootstrapServers(bootstrap);
        }

        static Options parse(String... args) {
            if (args.length < 2 || !(args[0].equals("dead-letters") || args[0].equals("replay"))) {
                throw new IllegalArgumentException("expected 'dead-letters <dataset>' or 'replay <declaration.yaml>'");
            }
            String connector = null;
            boolean all = false;
            boolean raw = false;
            boolean dryRun = false;
            int limit = 100;
            String bootstrap = null;
            Path kafkaConfig = null;
            for (int i = 2; i < args.length; i++) {
                switch (args[i]) {
                    case "--connector" -> connector = value(args, ++i);
                    case "--all" -> all = true;
                    case "--raw" -> raw = true;
                    case "--dry-run" -> dryRun = true;
                    case "--limit" -> limit = Integer.parseInt(value(args, ++i));
                    case "--bootstrap" -> bootstrap = value(args, ++i);
                    case "--kafka-config" -> kafkaConfig = Path.of(value(args, ++i));
                    default -> throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                }
            }
            boolean replay = args[0].equals("replay");
            if (replay && (connector != null || all || raw)) {
                throw new IllegalArgumentException("replay takes only --dry-run, --kafka-config and --bootstrap");
            }
            if (!replay && dryRun) {
                throw new IllegalArgumentException("--dry-run is for replay");
            }
            return new Options(args[0], args[1], connector, all, raw, dryRun, limit, bootstrap, kafkaConfig);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }
}
