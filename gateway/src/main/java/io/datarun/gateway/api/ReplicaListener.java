package io.datarun.gateway.api;

import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTrail;
import io.datarun.gateway.config.GatewayConfig;
import io.datarun.gateway.failure.DomainFailure;
import io.datarun.gateway.store.RecordStore;
import io.datarun.gateway.store.ReplicaClient;
import io.datarun.gateway.store.ReplicaSignature;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The internal listener: replica-to-replica reads of this replica's own partitions, on the port of
 * the advertised address, apart from the public API. It answers only requests signed with the
 * replicas' shared secret ({@link ReplicaSignature}: fresh, never replayed), signs its answers, and
 * audits every read it serves as {@code replica-read} by the calling replica. Anything else is a
 * plain 404, so a scanner learns nothing. Not started for a single replica.
 */
@ApplicationScoped
public class ReplicaListener {
    private static final Logger LOG = Logger.getLogger(ReplicaListener.class);

    private final GatewayConfig config;
    private final ReplicaClient replicas;
    private final RecordStore store;
    private final AuditTrail audit;
    private final Vertx vertx;
    private final Optional<List<String>> certificates;
    private final Optional<List<String>> keys;
    private HttpServer server;

    public ReplicaListener(GatewayConfig config, ReplicaClient replicas, RecordStore store, AuditTrail audit, Vertx vertx,
            @ConfigProperty(name = "quarkus.http.ssl.certificate.files") Optional<List<String>> certificates,
            @ConfigProperty(name = "quarkus.http.ssl.certificate.key-files") Optional<List<String>> keys) {
        this.config = config;
        this.replicas = replicas;
        this.store = store;
        this.audit = audit;
        this.vertx = vertx;
        this.certificates = certificates;
        this.keys = keys;
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        if (replicas.self().isEmpty()) {
            return;
        }
        String advertised = replicas.self().get();
        int port = Integer.parseInt(advertised.substring(advertised.lastIndexOf(':') + 1));
        HttpServerOptions options = new HttpServerOptions().setHost(config.internalHost()).setPort(port);
        if (config.internalTls()) {
            if (certificates.isEmpty() || keys.isEmpty()) {
                throw new IllegalStateException("datarun.gateway.internal-tls=true needs the gateway's certificate: set "
                        + "quarkus.http.ssl.certificate.files and key-files");
            }
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPaths(certificates.get())
                    .setKeyPaths(keys.get()));
        }
        Router router = Router.router(vertx);
        router.get(ReplicaClient.PATH + ":dataset/:subject").blockingHandler(this::read, false);
        router.route().handler(context -> context.response().setStatusCode(404).end());
        server = vertx.createHttpServer(options).requestHandler(router).listen()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("internal listener for replica reads on %s:%d tls=%s", config.internalHost(), server.actualPort(),
                config.internalTls());
    }

    private void read(RoutingContext context) {
        ReplicaSignature signature = replicas.signature().orElseThrow();
        String path = context.request().path();
        String caller = context.request().getHeader(ReplicaSignature.REPLICA_HEADER);
        String requestSignature = context.request().getHeader(ReplicaSignature.SIGNATURE_HEADER);
        if (!signature.verify("GET", path, caller, context.request().getHeader(ReplicaSignature.DATE_HEADER),
                requestSignature)) {
            LOG.warnf("replica read refused: unsigned, stale or replayed request from=%s",
                    context.request().remoteAddress());
            context.response().setStatusCode(404).end();
            return;
        }
        String dataset = decode(context.pathParam("dataset"));
        String subject = decode(context.pathParam("subject"));
        try {
            Optional<byte[]> record = store.findLocal(dataset, subject, null);
            audit.record(AuditEntry.ofProcess(AuditAction.REPLICA_READ, "replica " + caller, dataset, subject,
                    record.isPresent() ? AuditOutcome.OK : AuditOutcome.NOT_FOUND, null));
            int status = record.isPresent() ? 200 : 404;
            byte[] body = record.orElse(new byte[0]);
            context.response().setStatusCode(status)
                    .putHeader(ReplicaSignature.SIGNATURE_HEADER, signature.signAnswer(requestSignature, status, body))
                    .putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(body));
        } catch (DomainFailure e) {
            // stores restoring, audit unavailable: the calling replica answers its caller 503
            context.response().setStatusCode(503).end();
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }
}
