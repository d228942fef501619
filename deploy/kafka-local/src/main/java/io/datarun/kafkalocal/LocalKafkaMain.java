package io.datarun.kafkalocal;

import java.nio.file.Path;

/**
 * Runs the local broker until the process is stopped: {@code --dir data/kafka --port 9092
 * --controller-port 9093}. Prints one {@code READY bootstrap.servers=...} line when it accepts clients.
 */
public final class LocalKafkaMain {
    private LocalKafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of("data/kafka");
        int port = 9092;
        int controllerPort = 9093;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--controller-port" -> controllerPort = Integer.parseInt(value(args, ++i, "--controller-port"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --dir <folder> --port <n> --controller-port <n>");
            }
        }
        LocalKafkaBroker broker = LocalKafkaBroker.start(dir, port, controllerPort);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-shutdown"));
        System.out.println("READY bootstrap.servers=" + broker.bootstrapServers() + " data=" + dir.toAbsolutePath());
        Thread.currentThread().join();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
