package io.datarun.gateway.store;

import io.datarun.gateway.config.GatewayConfig;
import io.datarun.gateway.failure.Unavailable;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.jboss.logging.Logger;

/**
 * Fetches a record from the replica that hosts its partition. Replicas authenticate to each
 * other with a shared secret; the caller's own authorization was already decided here.
 */
@ApplicationScoped
public class ReplicaClient {
    public static final String SECRET_HEADER = "X-Datarun-Replica-Secret";
    private static final Logger LOG = Logger.getLogger(ReplicaClient.class);

    private final Optional<String> self;
    private final Optional<String> secret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ReplicaClient(GatewayConfig config) {
        this.self = config.advertisedAddress();
        this.secret = config.replicaSecret();
        if (self.isPresent() && secret.isEmpty()) {
            throw new IllegalStateException("datarun.gateway.advertised-address is set, so replicas forward reads to each other: "
                    + "set datarun.gateway.replica-secret (the same value on every replica)");
        }
    }

    /** True when this gateway runs alone (no advertised address): every partition is local. */
    public boolean isSingle() {
        return self.isEmpty();
    }

    public boolean isSelf(HostInfo host) {
        return self.isEmpty() || self.get().equals(host.host() + ":" + host.port());
    }

    public Optional<byte[]> fetch(HostInfo host, String datasetId, String subjectId) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + "/internal/v1/replica/records/"
                + encode(datasetId) + "/" + encode(subjectId));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header(SECRET_HEADER, secret.orElseThrow()).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                return Optional.of(response.body());
            }
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            LOG.warnf("replica read failed dataset=%s replica=%s:%d status=%d", datasetId, host.host(), host.port(),
                    response.statusCode());
        } catch (IOException e) {
            LOG.warnf("replica unreachable dataset=%s replica=%s:%d error=%s", datasetId, host.host(), host.port(),
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new Unavailable(Unavailable.Part.REPLICA);
    }

    /** True when {@code presented} is the configured secret (constant-time comparison). */
    public boolean acceptsSecret(String presented) {
        return secret.isPresent() && presented != null && java.security.MessageDigest.isEqual(
                secret.get().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
