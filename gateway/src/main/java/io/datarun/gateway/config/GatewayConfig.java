package io.datarun.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Every {@code datarun.gateway.*} key; a mistyped key fails at start instead of being ignored. */
@ConfigMapping(prefix = "datarun.gateway")
public interface GatewayConfig {

    /**
     * Kafka bootstrap servers; when set, overrides {@code kafka.bootstrap.servers} (kept for older
     * configurations). Every other Kafka client setting is a {@code kafka.*} key or a {@code KAFKA_*}
     * variable ({@link KafkaClients}).
     */
    Optional<String> bootstrapServers();

    /** Kafka Streams application id; every replica of one gateway deployment shares it. */
    @WithDefault("datarun-gateway")
    String applicationId();

    /** Folder of the local state stores (RocksDB); survives restarts so the log is not replayed. */
    @WithDefault("data/gateway/state")
    Path stateDir();

    /**
     * host:port this replica is reachable at by the other replicas (Kafka Streams
     * {@code application.server}); empty for a single replica.
     */
    Optional<String> advertisedAddress();

    /**
     * Address the internal listener (replica-to-replica reads) binds to; its port is the port of
     * {@code advertised-address}. Only the other replicas need to reach it.
     */
    @WithDefault("0.0.0.0")
    String internalHost();

    /**
     * Whether the internal listener speaks TLS, with the gateway's own certificate
     * ({@code quarkus.http.ssl.certificate.files}/{@code key-files}); replicas then trust the CA in
     * {@code javax.net.ssl.trustStore}. Requests are HMAC-signed either way.
     */
    @WithDefault("false")
    boolean internalTls();

    /**
     * Shared secret that signs replica-to-replica reads and their answers (HMAC-SHA256; the secret
     * itself is never sent); required when {@code advertised-address} is set, the same on every replica.
     */
    Optional<String> replicaSecret();

    /**
     * Off-heap memory of all the serving stores together, in MB: one RocksDB block cache shared by
     * every store, their memtables (at most a quarter) charged to it. The records stay on disk; this is
     * what keeps the gateway's memory flat as residents and datasets are added. 24 MB: a replica with up
     * to about a million residents' records (benchmarks run M3: the gateway's RSS 1.09 from 5,000 to a
     * million residents, reads and restarts as with 64 MB); raise it with the state per replica
     * (docs/capacity.md: 256 MB at 20 GB).
     */
    @WithDefault("24")
    long storeMemoryMb();

    /** Partitions of dataset topics the gateway creates when they are missing. */
    @WithDefault("3")
    int partitions();

    /**
     * Replication factor of topics the gateway creates (Kafka Streams' internal topics included);
     * empty: the broker's {@code default.replication.factor}. Below 3 is refused outside dev unless
     * {@code datarun.insecure-kafka=true}.
     */
    Optional<Short> replicationFactor();

    /**
     * How long a request waits for Kafka (an audit event committed, a push transaction, a dispute or
     * grant stored) before it is answered 503 instead: a broker outage never leaves callers hanging.
     */
    @WithDefault("2s")
    java.time.Duration answerTimeout();

    /**
     * How long each read of a record is kept for disputes to name the departments that were served
     * it (the {@code subject-read-times} store): a year and a month, so a dispute about last year's
     * value still reaches everyone who was served it. Its disk is about 0.09 KB per read per store copy
     * (docs/capacity.md). Read at start; the store's changelog topic keeps the retention it was
     * created with until its {@code retention.ms} is changed too (docs/operations.md).
     */
    @WithDefault("P400D")
    java.time.Duration readsKeptFor();

    /** A feed no other department has read for this long is flagged "unused" in the usage report. */
    @WithDefault("P30D")
    java.time.Duration unusedAfter();

    /** Requests per second one caller may make on /api, sustained (per replica). */
    @WithDefault("100")
    double rateLimitPerSecond();

    /** Requests one caller may make at once before the sustained rate applies. */
    @WithDefault("200")
    double rateLimitBurst();

    /** Failed authentications per second one client address may cause, sustained (per replica). */
    @WithDefault("20")
    double rateLimitAddressPerSecond();

    /** Failed authentications one client address may cause at once before it is refused. */
    @WithDefault("100")
    double rateLimitAddressBurst();

    /** Record reads one user may make per UTC day (per replica); beyond it reads are refused and an alert raised. */
    @WithDefault("5000")
    long readQuotaPerDay();

    /** YAML file of registered purposes and the read-only baseline grants; the API's grants live in Kafka. */
    @WithDefault("config/grants.yaml")
    Path grantsFile();

    /** Folder of form definitions ({@code *.yaml}), checked against the schemas at start. */
    @WithDefault("deploy/config/forms")
    Path formsDir();

    /**
     * HMAC-SHA256 key sealing prefilled form values; the default is for local use only and is
     * logged as a warning: set {@code DATARUN_GATEWAY_FORM_SEAL_KEY} everywhere else.
     */
    @WithDefault(FORM_SEAL_DEV_KEY)
    String formSealKey();

    /**
     * HMAC-SHA256 key of the audit chain (at least 16 characters); the default is for local use
     * only and is logged as a warning: set {@code DATARUN_AUDIT_KEY} everywhere else.
     */
    @WithDefault(AUDIT_DEV_KEY)
    String auditKey();

    /**
     * Audit chains this replica writes, 1 to 16, each with its own writer thread and transactional
     * producer, so their commits overlap: when the commit's round trips (not CPU) bound concurrent
     * reads, one chain's commit cycle bounds throughput. Chain 0 keeps the replica's name; the others
     * are {@code <replica>~<i>}. 1 by default: on the 2-core bench machine under load, 4 chains were
     * not faster (more, smaller transactions cost CPU); see docs/benchmarks.md, run G.
     */
    @WithDefault("1")
    int auditChains();

    /**
     * HMAC-SHA256 key of the grants topic's records (at least 16 characters, the same on every
     * replica); unset: derived from {@link #auditKey()}.
     */
    Optional<String> grantKey();

    /**
     * Authorization and audit of record reads; {@code false} only for measuring their cost, and the
     * gateway refuses to start with it off unless the {@code bench} profile is active.
     */
    @io.smallrye.config.WithName("enforcement.enabled")
    @WithDefault("true")
    boolean enforcementEnabled();

    /** The local-only default of {@link #formSealKey()}. */
    String FORM_SEAL_DEV_KEY = "datarun-dev-form-seal-key-change-me";

    /** The local-only default of {@link #auditKey()}. */
    String AUDIT_DEV_KEY = "datarun-dev-audit-key-change-me";
}
