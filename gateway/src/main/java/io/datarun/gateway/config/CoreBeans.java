package io.datarun.gateway.config;

import io.datarun.gateway.access.AccessPolicy;
import io.datarun.gateway.access.GrantBook;
import io.datarun.gateway.access.GrantRegistry;
import io.datarun.gateway.access.GrantValidator;
import io.datarun.gateway.audit.AuditKey;
import io.datarun.gateway.store.GrantLog;
import io.datarun.schemas.catalog.DatasetDescriptor;
import jakarta.enterprise.inject.Disposes;
import java.time.Duration;
import io.datarun.gateway.forms.FormCatalog;
import io.datarun.gateway.forms.FormSeal;
import io.datarun.gateway.limits.RateLimiter;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.wire.RecordCodec;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Wires the plain classes (schemas, codec, grants, policy) into CDI; they know nothing of Quarkus. */
@ApplicationScoped
public class CoreBeans {
    private static final Logger LOG = Logger.getLogger(CoreBeans.class);

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
    GrantLog grantLog(GatewayConfig config, GrantRegistry grants) {
        return new GrantLog(config.bootstrapServers(), config.replicationFactor(), grants).start(Duration.ofSeconds(60));
    }

    void closeGrantLog(@Disposes GrantLog log) {
        log.close();
    }

    @Produces
    @ApplicationScoped
    GrantValidator grantValidator(SchemaRegistry registry, GrantBook book) {
        return new GrantValidator(registry, book.purposes().keySet());
    }

    @Produces
    @ApplicationScoped
    AccessPolicy accessPolicy(GrantRegistry grants, GrantLog log) {
        // the log reads the whole grants topic when it is created: no decision is made before that
        if (!log.loaded()) {
            throw new IllegalStateException("the grants topic has not been read; refusing to authorize anything");
        }
        return new AccessPolicy(grants::grants);
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
    @ApplicationScoped
    RateLimiter rateLimiter(GatewayConfig config) {
        return new RateLimiter(config.rateLimitPerSecond(), config.rateLimitBurst(), System::nanoTime);
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
