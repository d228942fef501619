package io.datarun.kafkalocal;

import io.datarun.schemas.kafka.KafkaAccessPlan;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./datarun kafka-config}: writes the Java client properties file of a principal of the local
 * broker (the operator, {@value KafkaAccessPlan#ADMIN}, by default) and prints its absolute path alone
 * as the last line, for Kafka's console tools ({@code --command-config}, {@code --consumer.config})
 * and kcat ({@code -F}).
 * <pre>
 * --credentials data/kafka/credentials --bootstrap 127.0.0.1:9092 [--user datarun-admin] [--kcat]
 * </pre>
 * {@code --kcat} writes the operator's login in librdkafka's terms instead ({@code <user>.kcat.conf}),
 * since kcat refuses the Java JAAS line.
 * Passwords not generated yet are generated now; the broker uses them when it next starts.
 */
public final class KafkaConfigMain {
    private KafkaConfigMain() {
    }

    public static void main(String[] args) {
        Path credentials = Path.of("data/kafka/credentials");
        String bootstrap = "127.0.0.1:9092";
        String user = KafkaAccessPlan.ADMIN;
        boolean kcat = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--credentials" -> credentials = Path.of(value(args, ++i));
                case "--bootstrap" -> bootstrap = value(args, ++i);
                case "--user" -> user = value(args, ++i);
                case "--kcat" -> kcat = true;
                default -> fail("unknown option " + args[i]
                        + "; expected --credentials <folder> --bootstrap host:port [--user name] [--kcat]");
            }
        }
        KafkaAccessPlan plan = KafkaAccessPlan.forBundledSchemas();
        List<String> principals = plan.principals().stream().map(KafkaAccessPlan.Principal::name).toList();
        if (!principals.contains(user)) {
            fail("no principal '" + user + "' in the access plan; known: " + principals);
        }
        KafkaCredentials keys = KafkaCredentials.loadOrCreate(credentials, principals);
        if (kcat && !user.equals(KafkaAccessPlan.ADMIN)) {
            fail("--kcat is for the operator (" + KafkaAccessPlan.ADMIN + ") only: the broker accepts kcat's PLAIN login from it alone");
        }
        Path file = kcat ? keys.writeKcatConfig(user, bootstrap) : keys.writeClientProperties(user, bootstrap);
        System.out.println(file.toAbsolutePath());
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            fail(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    private static void fail(String message) {
        System.err.println("kafka-config: " + message);
        System.exit(2);
    }
}
