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
        router.get(ReplicaClient.INDEX_PATH + ":dataset/:field/:value").blockingHandler(this::lookUp, false);
        router.route().handler(context -> context.response().setStatusCode(404).end());
        server = vertx.createHttpServer(options).requestHandler(router).listen()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("internal listener for replica reads on %s:%d tls=%s", config.internalHost(), server.actualPort(),
                config.internalTls());
    }

    private void read(RoutingContext context) {
        String caller = verifiedCaller(context);
        if (caller == null) {
            return;
        }
        String dataset = decode(context.pathParam("dataset"));
        String subject = decode(context.pathParam("subject"));
        try {
            Optional<byte[]> record = store.findLocal(dataset, subject, null);
            audit.record(AuditEntry.ofProcess(AuditAction.REPLICA_READ, "replica " + caller, dataset, subject,
                    record.isPresent() ? AuditOutcome.OK : AuditOutcome.NOT_FOUND, null));
            answer(context, record.isPresent() ? 200 : 404, record.orElse(new byte[0]));
        } catch (DomainFailure e) {
            // stores restoring, audit unavailable: the calling replica answers its caller 503
            context.response().setStatusCode(503).end();
        }
    }

    /**
     * The subjects this replica's partitions file under a value of an indexed field (a household's
     * members), one per line: audited as a {@code replica-read} of the dataset by the calling replica,
     * which then reads each member through the audited read path of its own caller.
     */
    private void lookUp(RoutingContext context) {
        String caller = verifiedCaller(context);
        if (caller == null) {
            return;
        }
        String dataset = decode(context.pathParam("dataset"));
        String field = decode(context.pathParam("field"));
        String value = decode(context.pathParam("value"));
        try {
            Optional<List<String>> subjects = store.localSubjectsWith(dataset, field, value, RecordStore.MAX_INDEX_MATCHES);
            audit.record(AuditEntry.ofProcess(AuditAction.REPLICA_READ, "replica " + caller, dataset, null,
                    subjects.isPresent() ? AuditOutcome.OK : AuditOutcome.NOT_FOUND,
                    "index=" + field + " subjects=" + subjects.map(List::size).orElse(0)));
            answer(context, subjects.isPresent() ? 200 : 404,
                    String.join("\n", subjects.orElse(List.of())).getBytes(StandardCharsets.UTF_8));
        } catch (DomainFailure e) {
            context.response().setStatusCode(503).end();
        }
    }

    /** The calling replica's name, or null (answered 404) when the request is not signed by a replica. */
    private String verifiedCaller(RoutingContext context) {
        String caller = context.request().getHeader(ReplicaSignature.REPLICA_HEADER);
        if (!replicas.signature().orElseThrow().verify("GET", context.request().path(), caller,
                context.request().getHeader(ReplicaSignature.DATE_HEADER),
                context.request().getHeader(ReplicaSignature.SIGNATURE_HEADER))) {
            LOG.warnf("replica read refused: unsigned, stale or replayed request from=%s",
                    context.request().remoteAddress());
            context.response().setStatusCode(404).end();
            return null;
        }
        return caller;
    }

    private void answer(RoutingContext context, int status, byte[] body) {
        String requestSignature = context.request().getHeader(ReplicaSignature.SIGNATURE_HEADER);
        context.response().setStatusCode(status)
                .putHeader(ReplicaSignature.SIGNATURE_HEADER,
                        replicas.signature().orElseThrow().signAnswer(requestSignature, status, body))
                .putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(body));
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
