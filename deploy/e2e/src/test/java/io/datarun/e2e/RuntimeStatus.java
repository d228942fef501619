package io.datarun.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A connector runtime's {@code GET /connectors} as an operator reads it (admin token): connector name to its status. */
record RuntimeStatus(String runtime, Map<String, JsonNode> connectors) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ACTIVE = Set.of("STARTING", "RUNNING", "FAILING");

    /** Fetches the status, or an empty one when the runtime does not answer (killed, starting). */
    static RuntimeStatus of(PackagedApp app) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(app.url() + "/connectors"))
                    .header("Authorization", "Bearer " + OperatorToken.token()).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new RuntimeStatus(app.name(), Map.of());
            }
            JsonNode body = JSON.readTree(response.body());
            Map<String, JsonNode> connectors = new TreeMap<>();
            body.path("connectors").forEach(c -> connectors.put(c.path("name").asText(), c));
            return new RuntimeStatus(body.path("runtime").asText(), connectors);
        } catch (IOException e) {
            return new RuntimeStatus(app.name(), Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RuntimeStatus(app.name(), Map.of());
        }
    }

    /** The connectors this runtime is running (or starting, or retrying) now. */
    Set<String> active() {
        Set<String> active = new TreeSet<>();
        connectors.forEach((name, status) -> {
            if (ACTIVE.contains(status.path("state").asText())) {
                active.add(name);
            }
        });
        return active;
    }

    /** The connectors this runtime reports RUNNING and owned by itself. */
    Set<String> running() {
        Set<String> running = new TreeSet<>();
        connectors.forEach((name, status) -> {
            if ("RUNNING".equals(status.path("state").asText()) && runtime.equals(status.path("owner").asText())) {
                running.add(name);
            }
        });
        return running;
    }
}
