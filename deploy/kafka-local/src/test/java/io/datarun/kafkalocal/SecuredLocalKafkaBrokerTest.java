package io.datarun.kafkalocal;

import static io.datarun.schemas.kafka.KafkaAccessPlan.ADMIN;
import static io.datarun.schemas.kafka.KafkaAccessPlan.CONNECTORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datarun.schemas.kafka.KafkaAccessPlan;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's broker: who gets in, with which password, and exactly which ACLs it holds. */
class SecuredLocalKafkaBrokerTest {
    private static final KafkaAccessPlan PLAN = KafkaAccessPlan.forDepartments(List.of("civil-affairs"));
    private static final String DATASET = "civil-affairs.marital-status";

    @TempDir
    static Path dir;
    static LocalKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = LocalKafkaBroker.startSecured(dir.resolve("kafka"), 0, 0, dir.resolve("credentials"), PLAN);
        try (Admin admin = Admin.create(broker.clientSettings(ADMIN).asMap())) {
            TopicProvisioner topics = new TopicProvisioner(1, Optional.empty(), false);
            topics.ensure(admin, List.of(topics.recordsTopic(DATASET), topics.grantsTopic(), topics.auditTopic()));
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theBrokerHoldsExactlyThePlansAcls() throws Exception {
        try (Admin admin = Admin.create(broker.clientSettings(ADMIN).asMap())) {
            assertThat(new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)))
                    .isEqualTo(new HashSet<>(PLAN.aclBindings()));
        }
    }

    @Test
    void anAnonymousClientGetsNothing() {
        Map<String, Object> anonymous = Map.of("bootstrap.servers", broker.bootstrapServers(),
                "default.api.timeout.ms", 4000, "request.timeout.ms", 2000);
        try (Admin admin = Admin.create(anonymous)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .as("a PLAINTEXT client never completes a request on the SASL port")
                    .isInstanceOfAny(ExecutionException.class, java.util.concurrent.TimeoutException.class);
        }
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsRefusedAtLogin() {
        for (String jaas : List.of(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"datarun-admin\" password=\"guess\";",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"mallory\" password=\"x\";")) {
            Map<String, Object> settings = new HashMap<>(broker.clientSettings(ADMIN).asMap());
            settings.put("sasl.jaas.config", jaas);
            settings.put("default.api.timeout.ms", 10000);
            settings.put("request.timeout.ms", 5000);
            try (Admin admin = Admin.create(settings)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(15, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void onlyTheOperatorMayLogInWithPlainAsKcatDoes() throws Exception {
        KafkaCredentials credentials = broker.credentials().orElseThrow();
        for (String user : List.of(ADMIN, CONNECTORS)) {
            Map<String, Object> settings = new HashMap<>(broker.clientSettings(user).asMap());
            settings.put("sasl.mechanism", "PLAIN");
            settings.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + user + "\" password=\"" + credentials.password(user) + "\";");
            settings.put("default.api.timeout.ms", 10000);
            settings.put("request.timeout.ms", 5000);
            try (Admin admin = Admin.create(settings)) {
                if (user.equals(ADMIN)) {
                    assertThat(admin.listTopics().names().get(15, TimeUnit.SECONDS)).contains(Topics.AUDIT);
                } else {
                    assertThatThrownBy(() -> admin.listTopics().names().get(15, TimeUnit.SECONDS))
                            .hasCauseInstanceOf(SaslAuthenticationException.class);
                }
            }
        }
    }

    @Test
    void topicsGetTheBrokersDefaultReplicationAndNoInSyncMinimumItCannotMeet() throws Exception {
        try (Admin admin = Admin.create(broker.clientSettings(ADMIN).asMap())) {
            TopicDescription audit = admin.describeTopics(List.of(Topics.AUDIT)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(Topics.AUDIT);
            assertThat(audit.partitions().get(0).replicas()).hasSize(1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.AUDIT);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
            assertThat(config.get("min.insync.replicas").value()).as("one broker: the broker's default").isEqualTo("1");
        }
    }

    @Test
    void aProductionProvisionerRefusesTheSingleReplicaTopics() {
        try (Admin admin = Admin.create(broker.clientSettings(ADMIN).asMap())) {
            TopicProvisioner strict = new TopicProvisioner(1, Optional.empty(), true);
            assertThatThrownBy(() -> strict.ensure(admin, List.of(strict.auditTopic(), strict.recordsTopic(DATASET))))
                    .hasMessageContaining("replication factor below 3")
                    .hasMessageContaining(Topics.AUDIT + " (1)")
                    .hasMessageContaining(Topics.records(DATASET) + " (1)");
        }
    }

    @Test
    void passwordsAndClientFilesAreReadableByTheirOwnerOnly() throws Exception {
        KafkaCredentials credentials = broker.credentials().orElseThrow();
        Path file = credentials.writeClientProperties(ADMIN, broker.bootstrapServers());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.dir()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.dir().resolve("passwords.properties"))))
                .isEqualTo("rw-------");
        assertThat(credentials.users()).containsExactlyInAnyOrder(ADMIN, CONNECTORS, KafkaAccessPlan.GATEWAY,
                "dept-civil-affairs");
        assertThat(credentials.password(ADMIN)).hasSize(32).isNotEqualTo(credentials.password(CONNECTORS));

        Path kcat = credentials.writeKcatConfig(ADMIN, broker.bootstrapServers());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kcat))).isEqualTo("rw-------");
        assertThat(Files.readString(kcat)).contains("sasl.username=" + ADMIN, "sasl.mechanisms=PLAIN")
                .doesNotContain("jaas"); // kcat refuses a Java JAAS line

        // the file is what an operator hands to Kafka's console tools (and datarun's own)
        KafkaClientSettings fromFile = KafkaClientSettings.load(file, Map.of());
        try (Admin admin = Admin.create(fromFile.asMap())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(Topics.AUDIT);
        }
    }

    @Test
    void aRestartKeepsThePasswordsAndPutsBackExactlyThePlan(@TempDir Path other) throws Exception {
        Path data = other.resolve("kafka");
        Path credentialsDir = other.resolve("credentials");
        String password;
        AclBinding stray = new AclBinding(new ResourcePattern(ResourceType.TOPIC, Topics.GRANTS, PatternType.LITERAL),
                new AccessControlEntry("User:dept-civil-affairs", "*", AclOperation.WRITE, AclPermissionType.ALLOW));
        int port;
        try (LocalKafkaBroker first = LocalKafkaBroker.startSecured(data, 0, 0, credentialsDir, PLAN)) {
            password = first.credentials().orElseThrow().password(CONNECTORS);
            port = Integer.parseInt(first.bootstrapServers().substring("127.0.0.1:".length()));
            try (Admin admin = Admin.create(first.clientSettings(ADMIN).asMap())) {
                admin.createAcls(List.of(stray)).all().get(30, TimeUnit.SECONDS); // someone granted a department too much
            }
        }
        try (LocalKafkaBroker second = LocalKafkaBroker.startSecured(data, port, 0, credentialsDir, PLAN);
                Admin admin = Admin.create(second.clientSettings(CONNECTORS).asMap())) {
            assertThat(second.credentials().orElseThrow().password(CONNECTORS)).isEqualTo(password);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).isNotNull();
            try (Admin operator = Admin.create(second.clientSettings(ADMIN).asMap())) {
                assertThat(operator.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS))
                        .doesNotContain(stray).hasSize(PLAN.aclBindings().size());
            }
        }
    }
}
