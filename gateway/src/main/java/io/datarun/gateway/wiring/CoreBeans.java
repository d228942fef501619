package io.datarun.gateway.wiring;

import io.datarun.gateway.access.AccessPolicy;
import io.datarun.gateway.access.Guards;
import io.datarun.gateway.audit.AuditKey;
import io.datarun.gateway.audit.AuditTrail;
import io.datarun.gateway.audit.AuditedOperation;
import io.datarun.gateway.audit.RequestId;
import io.datarun.gateway.audit.RequestIdSource;
import io.datarun.gateway.config.EnforcementSwitch;
import io.datarun.gateway.config.GatewayConfig;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.forms.FormCatalog;
import io.datarun.gateway.forms.FormSeal;
import io.datarun.gateway.grants.GrantBook;
import io.datarun.gateway.grants.GrantLog;
import io.datarun.gateway.grants.GrantSignature;
import io.datarun.gateway.grants.GrantRegistry;
import io.datarun.gateway.grants.GrantValidator;
import io.datarun.gateway.limits.KeyedHash;
import io.datarun.gateway.limits.RateLimiter;
import io.datarun.gateway.limits.ReadQuota;
import io.datarun.gateway.limits.RequestBudgets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.kafka.StartupSafety;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.TopicProvisioner;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Wires the plain classes (schemas, codec, Kafka clients, grants, guards, policy, audit) into CDI;
 * they know nothing of Quarkus. Nothing imports this package: it only assembles.
 */
@ApplicationScoped
public class CoreBeans {
    private static final Logger LOG = Logger.getLogger(CoreBeans.class);

    /**
     * Every Kafka client's settings, from the {@code kafka.*} keys and {@code KAFKA_*} variables;
     * {@code datarun.gateway.bootstrap-servers}, when set, still names the brokers.
     */
    /** The Kafka client settings of this process, as {@link GatewayMain} checks them before the start. */
    static KafkaClientSettings kafkaSettings(Config config) {
        KafkaClientSettings settings = KafkaClientSettings.fromConfig(config.getPropertyNames(),
                name -> config.getOptionalValue(name, String.class).orElse(null));
        Optional<String> legacy = config.getOptionalValue("datarun.gateway.bootstrap-servers", String.class);
        return legacy.map(settings::withBootstrapServers).orElse(settings);
    }

    @Produces
    @ApplicationScoped
    KafkaClients kafkaClients() {
        KafkaClientSettings settings = kafkaSettings(ConfigProvider.getConfig());
        LOG.infof("kafka clients bootstrap=%s securityProtocol=%s principal=%s", settings.bootstrapServers(),
                settings.securityProtocol(), settings.principal().orElse("(none)"));
        return new KafkaClients(settings);
    }

    /**
     * Creates the topics the gateway needs when missing: the broker's default replication unless
     * configured; outside dev, fewer than 3 replicas is refused unless {@code datarun.insecure-kafka}.
     */
    @Produces
    @ApplicationScoped
    TopicProvisioner topicProvisioner(GatewayConfig config) {
        Config mp = ConfigProvider.getConfig();
        boolean insecure = mp.getOptionalValue(StartupSafety.INSECURE_KAFKA, Boolean.class).orElse(false);
        boolean relaxed = StartupSafety.relaxed(ConfigUtils.getProfiles());
        return new TopicProvisioner(config.partitions(), config.replicationFactor(), !relaxed && !insecure);
    }

    @Produces
    @ApplicationScoped
    Guards guards(SchemaRegistry registry, GrantBook book) {
        return new Guards(registry, book.purposes());
    }

    @Produces
    @ApplicationScoped
    AuditedOperation auditedOperation(AuditTrail trail) {
        return new AuditedOperation(trail);
    }

    /** Checked at start: switching enforcement off outside the bench profile stops the gateway. */
    @Produces
    @ApplicationScoped
    @Startup
    EnforcementSwitch enforcementSwitch(GatewayConfig config) {
        return new EnforcementSwitch(config.enforcementEnabled(), ConfigUtils.isProfileActive(EnforcementSwitch.BENCH_PROFILE));
    }

    /** The current request's id, when the calling thread serves a request. */
    @Produces
    @ApplicationScoped
    RequestIdSource requestIds(Instance<RequestId> requestIds) {
        return () -> Arc.container() != null && Arc.container().requestContext().isActive() && requestIds.isResolvable()
                ? Optional.of(requestIds.get().value()) : Optional.empty();
    }

    @Produces
    @ApplicationScoped
    SchemaRegistry schemaRegistry() {
        return SchemaRegistry.load();
    }

    @Produces
    @ApplicationScoped
    RecordCodec recordCodec(SchemaRegistry registry) {
        return new RecordCodec(registry);
    }

    @Produces
    @ApplicationScoped
    GrantBook grantBook(GatewayConfig config, SchemaRegistry registry) {
        return GrantBook.load(config.grantsFile(), registry);
    }

    /** The file's grants (read-only) and, once {@link GrantLog} has read the grants topic, the API's. */
    @Produces
    @ApplicationScoped
    GrantRegistry grantRegistry(GrantBook book, SchemaRegistry registry) {
        return new GrantRegistry(book.grants(), dataset -> registry.latest(dataset).map(DatasetDescriptor::owner).orElse(null));
    }

    /** Started eagerly: no request is authorized before every grant in Kafka is known. */
    @Produces
    @ApplicationScoped
    @Startup
    GrantLog grantLog(KafkaClients kafka, TopicProvisioner provisioner, GrantRegistry grants, GatewayConfig config,
            GrantValidator validator, MeterRegistry meters) {
        GrantSignature signature = config.grantKey().map(GrantSignature::new)
                .orElseGet(() -> GrantSignature.derivedFrom(config.auditKey()));
        GrantLog log = new GrantLog(kafka, provisioner, grants, signature, validator);
        // alert on it: a grants-topic record that was not applied (no MAC, wrong MAC, or refused by the validator)
        Gauge.builder("datarun_grants_ignored_records", log::refusedRecords).register(meters);
        return log.start(Duration.ofSeconds(60));
    }

    void closeGrantLog(@Disposes GrantLog log) {
        log.close();
    }

    @Produces
    @ApplicationScoped
    GrantValidator grantValidator(SchemaRegistry registry, GrantBook book) {
        return new GrantValidator(registry, book.purposes().keySet(), book.departments().keySet());
    }

    @Produces
    @ApplicationScoped
    AccessPolicy accessPolicy(GrantRegistry grants, GrantLog log) {
        // the log reads the whole grants topic when it is created: no decision is made before that
        if (!log.loaded()) {
            throw new IllegalStateException("the grants topic has not been read; refusing to authorize anything");
        }
        // fail closed: a reader that stopped or fell behind may be missing a revocation
        return new AccessPolicy(() -> {
            if (!log.current()) {
                throw new io.datarun.gateway.failure.Unavailable(io.datarun.gateway.failure.Unavailable.Part.GRANTS);
            }
            return grants.grants();
        });
    }

    @Produces
    @ApplicationScoped
    @Startup
    FormCatalog formCatalog(GatewayConfig config, SchemaRegistry registry) {
        FormCatalog forms = FormCatalog.load(config.formsDir(), registry);
        forms.all().forEach(form -> FormCatalog.manualFieldsHeldElsewhere(form, registry).forEach(LOG::warn));
        forms.all().forEach(form -> FormCatalog.writeBacksWithoutDivision(form, registry).forEach(LOG::warn));
        LOG.infof("forms loaded dir=%s forms=%s", config.formsDir().toAbsolutePath(),
                forms.all().stream().map(f -> f.id() + " v" + f.version()).toList());
        return forms;
    }

    @Produces
    @ApplicationScoped
    @Startup
    FormSeal formSeal(GatewayConfig config) {
        if (GatewayConfig.FORM_SEAL_DEV_KEY.equals(config.formSealKey())) {
            LOG.warn("datarun.gateway.form-seal-key is the built-in development key: anyone can forge form seals; "
                    + "set DATARUN_GATEWAY_FORM_SEAL_KEY outside local use");
        }
        return new FormSeal(config.formSealKey());
    }

    @Produces
    @ApplicationScoped
    @Startup
    AuditKey auditKey(GatewayConfig config) {
        AuditKey key = new AuditKey(config.auditKey());
        if (key.isDev()) {
            LOG.warn("datarun.gateway.audit-key is the built-in development key: anyone can forge audit events; "
                    + "set DATARUN_AUDIT_KEY outside local use");
        }
        return key;
    }

    @Produces
    @jakarta.inject.Singleton
    RequestBudgets requestBudgets(GatewayConfig config) {
        return new RequestBudgets(
                new RateLimiter(config.rateLimitPerSecond(), config.rateLimitBurst(), System::nanoTime),
                new RateLimiter(config.rateLimitAddressPerSecond(), config.rateLimitAddressBurst(), System::nanoTime));
    }

    @Produces
    @ApplicationScoped
    ReadQuota readQuota(GatewayConfig config, Clock clock, MeterRegistry meters) {
        Counter exceeded = meters.counter("datarun_read_quota_exceeded_total");
        return new ReadQuota(config.readQuotaPerDay(), clock, caller -> {
            exceeded.increment();
            // an alert: a caller reading far more records than a clerk's day needs; named by keyed hash only
            LOG.errorf("ALERT read quota exceeded caller=%s quota=%d per day: further reads refused until midnight UTC",
                    KeyedHash.of(caller), config.readQuotaPerDay());
        });
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
