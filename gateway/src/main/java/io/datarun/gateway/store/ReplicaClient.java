package io.datarun.gateway.store;

import io.datarun.gateway.config.GatewayConfig;
import io.datarun.gateway.failure.Unavailable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.jboss.logging.Logger;

/**
 * Fetches a record from the replica that hosts its partition, or the subjects an indexed field's
 * value files there ({@link #subjectsWith}), on that replica's internal listener
 * (its advertised address, not the public port). Requests and answers are signed with the replicas'
 * shared secret ({@link ReplicaSignature}); the caller's own authorization was already decided here,
 * and the answering replica audits the read.
 */
@ApplicationScoped
public class ReplicaClient {
    /** Path prefix of the internal listener. */
    public static final String PATH = "/internal/v1/replica/records/";
    /** Path prefix of a lookup in a field's index: {@code <dataset>/<field>/<value>}. */
    public static final String INDEX_PATH = "/internal/v1/replica/index/";
    private static final Logger LOG = Logger.getLogger(ReplicaClient.class);

    private final Optional<String> self;
    private final Optional<ReplicaSignature> signature;
    private final String scheme;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Inject
    public ReplicaClient(GatewayConfig config, Clock clock) {
        this(config.advertisedAddress(), config.replicaSecret().map(secret -> new ReplicaSignature(secret, clock)),
                config.internalTls() ? "https" : "http", config.answerTimeout());
    }

    public ReplicaClient(Optional<String> self, Optional<ReplicaSignature> signature, String scheme, Duration timeout) {
        if (self.isPresent() && signature.isEmpty()) {
            throw new IllegalStateException("datarun.gateway.advertised-address is set, so replicas forward reads to each other: "
                    + "set datarun.gateway.replica-secret (the same value on every replica)");
        }
        this.self = self;
        this.signature = signature;
        this.scheme = scheme;
        this.timeout = timeout;
    }

    /** True when this gateway runs alone (no advertised address): every partition is local. */
    public boolean isSingle() {
        return self.isEmpty();
    }

    public boolean isSelf(HostInfo host) {
        return self.isEmpty() || self.get().equals(host.host() + ":" + host.port());
    }

    /** This replica's name as its peers know it. */
    public Optional<String> self() {
        return self;
    }

    /** The shared-secret signature, present when replicas are configured. */
    public Optional<ReplicaSignature> signature() {
        return signature;
    }

    public Optional<byte[]> fetch(HostInfo host, String datasetId, String subjectId) {
        return get(host, PATH + encode(datasetId) + "/" + encode(subjectId), datasetId);
    }

    /**
     * The subjects of the dataset whose record holds {@code value} in {@code field} on the partitions
     * {@code host} serves (one per line in its answer); empty when that replica does not index the field
     * (404: an older release in a rolling upgrade, or a form it does not have).
     */
    public Optional<List<String>> subjectsWith(HostInfo host, String datasetId, String field, String value) {
        return get(host, INDEX_PATH + encode(datasetId) + "/" + encode(field) + "/" + encode(value), datasetId)
                .map(body -> new String(body, StandardCharsets.UTF_8).lines().filter(line -> !line.isEmpty()).toList());
    }

    /** A signed GET of {@code path}: the verified answer's body (200), empty (404), or 503 {@code replica}. */
    private Optional<byte[]> get(HostInfo host, String path, String datasetId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + "://" + host.host() + ":" + host.port() + path))
                .timeout(timeout).GET();
        var headers = signature.orElseThrow().sign("GET", path, self.orElseThrow());
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String answer = response.headers().firstValue(ReplicaSignature.SIGNATURE_HEADER).orElse(null);
            if (!signature.get().verifyAnswer(headers.get(ReplicaSignature.SIGNATURE_HEADER), response.statusCode(),
                    response.body(), answer)) {
                LOG.errorf("replica answer not signed by a replica dataset=%s replica=%s:%d status=%d: ignored", datasetId,
                        host.host(), host.port(), response.statusCode());
            } else if (response.statusCode() == 200) {
                return Optional.of(response.body());
            } else if (response.statusCode() == 404) {
                return Optional.empty();
            } else {
                LOG.warnf("replica read failed dataset=%s replica=%s:%d status=%d", datasetId, host.host(), host.port(),
                        response.statusCode());
            }
        } catch (IOException e) {
            LOG.warnf("replica unreachable dataset=%s replica=%s:%d error=%s", datasetId, host.host(), host.port(),
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new Unavailable(Unavailable.Part.REPLICA);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
