package io.datarun.gateway.api;

import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import io.datarun.testkit.Api;
import io.datarun.testkit.DatasetPublisher;
import io.datarun.testkit.TestResidents;
import java.util.Map;
import java.util.Optional;

/** Publishes household-registry records straight to the topic, as a connector would. */
final class TestData {
    /** Topics as the test broker (one node) takes them: one replica, nothing refused. */
    public static final TopicProvisioner TOPICS = new TopicProvisioner(1, Optional.of((short) 1), false);

    static final String DATASET = "public-security.household-registry";
    /** The application under test as a caller: {@code API.as("civil-affairs", "clerk")}. */
    static final Api API = new Api(null, Tokens::token);
    static final SchemaRegistry REGISTRY = SchemaRegistry.load();
    static final RecordCodec CODEC = new RecordCodec(REGISTRY);

    private TestData() {
    }

    /** A valid ID number with the given region, birth date and sequence (odd sequence: male). */
    static String residentId(String region, String birth, String sequence) {
        return TestResidents.residentId(region, birth, sequence);
    }

    static Map<String, Object> resident(String id, String name, String gender, String address) {
        return TestResidents.resident(id, name, gender, address);
    }

    @SafeVarargs
    static void publish(Map<String, Object>... residents) throws Exception {
        DatasetPublisher.at(KafkaTestResource.bootstrapServers()).publish(DATASET, residents);
    }
}
