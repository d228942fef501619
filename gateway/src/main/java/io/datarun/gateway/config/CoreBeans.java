package io.datarun.gateway.config;

import io.datarun.gateway.access.AccessPolicy;
import io.datarun.gateway.access.GrantBook;
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

    @Produces
    @ApplicationScoped
    AccessPolicy accessPolicy(GrantBook grants) {
        return new AccessPolicy(grants);
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
    RateLimiter rateLimiter(GatewayConfig config) {
        return new RateLimiter(config.rateLimitPerSecond(), config.rateLimitBurst(), System::nanoTime);
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
