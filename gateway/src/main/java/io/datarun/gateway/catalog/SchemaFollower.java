package io.datarun.gateway.catalog;

import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.store.StreamsRuntime;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.wire.SchemaLog;
import io.datarun.schemas.wire.TopicProvisioner;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * This replica's view of the schemas topic: read to its end before the serving stores start (so a
 * dataset registered earlier is served again after a restart), then followed, starting the stores of
 * each dataset another replica registers — no rebuild, no restart.
 */
@ApplicationScoped
public class SchemaFollower {
    static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final SchemaRegistry registry;
    private final KafkaClients kafka;
    private final TopicProvisioner provisioner;
    private final StreamsRuntime streams;
    private SchemaLog log;

    public SchemaFollower(SchemaRegistry registry, KafkaClients kafka, TopicProvisioner provisioner, StreamsRuntime streams) {
        this.registry = registry;
        this.kafka = kafka;
        this.provisioner = provisioner;
        this.streams = streams;
    }

    /** Creates the topic if missing and applies every schema in it; before the stores start. */
    public synchronized void catchUp() {
        try (Admin admin = kafka.admin()) {
            provisioner.ensure(admin, List.of(provisioner.schemasTopic()));
        }
        log = new SchemaLog(registry, kafka.settings().with(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "datarun-gateway-schemas")));
        log.catchUp(CATCH_UP);
    }

    /** Follows the topic from where {@link #catchUp} stopped; a new dataset gets its stores at once. */
    public synchronized void follow() {
        log.onAdded(streams::serve); // serve() ignores shipped and already served datasets
        log.follow();
    }

    /**
     * Waits until this replica has applied the schemas topic up to {@code offset} (inclusive), so a
     * registration is answered only once its outcome in the log's order is known here.
     */
    public boolean awaitApplied(long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (log.position() <= offset) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    public synchronized void stop() {
        if (log != null) {
            log.close();
        }
    }
}
