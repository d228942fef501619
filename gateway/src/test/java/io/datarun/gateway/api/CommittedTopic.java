package io.datarun.gateway.api;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a topic holds now, read to its end (committed records only), on the suite's broker: the
 * ground truth to check the gateway's asynchronous stores against (the test kit's
 * {@link io.datarun.testkit.CommittedTopic}: it never returns a partial view, so "nothing was
 * published" cannot pass vacuously).
 */
public final class CommittedTopic {
    private CommittedTopic() {
    }

    private static io.datarun.testkit.CommittedTopic topics() {
        return io.datarun.testkit.CommittedTopic.at(KafkaTestResource.bootstrapServers());
    }

    /** The latest value per key; a key whose latest record is a tombstone maps to null. */
    public static Map<String, byte[]> latest(String topic) {
        return topics().latest(topic);
    }

    /** Keys whose latest record is not a tombstone. */
    public static long liveKeys(String topic) {
        return topics().liveKeys(topic);
    }

    /** Every committed record, in partition order. */
    public static List<ConsumerRecord<String, byte[]>> all(String topic) {
        return topics().all(topic);
    }
}
