package io.datarun.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.datarun.connectors.declaration.HttpSource;
import io.datarun.connectors.declaration.Polling;
import io.datarun.connectors.spi.SourceContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 7: the HTTP source talks to the declared origin only. Its credentials never
 * follow a next-page link or a redirect to another host, a response larger than the cap is refused,
 * and an error answer's body never reaches the connector's status.
 */
class HttpSourceBoundaryTest {
    static final String SECRET = "Bearer department-api-secret";
    private HttpServer origin;
    private HttpServer elsewhere;
    private final List<String> elsewhereSaw = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = "{\"items\":[]}";
    private volatile Map<String, String> headers = Map.of();

    @BeforeEach
    void start() throws IOException {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/items", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            headers.forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(status, status / 100 == 3 ? -1 : bytes.length);
            if (status / 100 != 3) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        origin.start();
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            elsewhereSaw.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] bytes = "{\"items\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        elsewhere.start();
    }

    @AfterEach
    void stop() {
        origin.stop(0);
        elsewhere.stop(0);
    }

    private HttpJsonSource source(long maxBytes) {
        URI url = URI.create("http://127.0.0.1:" + origin.getAddress().getPort() + "/items");
        HttpSource declaration = new HttpSource(url, "items", Optional.of("next"), Optional.empty(), 1, Optional.of("since"), "t",
                Optional.of("id"), Map.of("Authorization", SECRET), Duration.ofSeconds(5),
                new Polling(2, Duration.ofSeconds(1), ZoneId.of("Asia/Shanghai")));
        HttpJsonSource source = new HttpJsonSource(declaration, "id", maxBytes);
        source.open(new SourceContext("test", "ds", Map.of(), ZoneId.of("Asia/Shanghai"), Path.of("test.yaml")));
        return source;
    }

    private String elsewhereUrl() {
        return "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/steal";
    }

    @Test
    void whenANextPageLinkPointsToAnotherOriginThenItIsNotFollowedAndNoCredentialLeaves() {
        body = "{\"items\":[{\"id\":\"a\",\"t\":\"2025-01-01 08:00:00\"}],\"next\":\"" + elsewhereUrl() + "\"}";
        assertThatThrownBy(() -> source(HttpJsonSource.MAX_RESPONSE_BYTES).poll(null, 10))
                .isInstanceOf(IOException.class).hasMessageContaining("another origin");
        assertThat(elsewhereSaw).isEmpty();
    }

    @Test
    void whenTheServiceRedirectsThenTheRedirectIsNotFollowed() {
        status = 302;
        headers = Map.of("Location", elsewhereUrl());
        assertThatThrownBy(() -> source(HttpJsonSource.MAX_RESPONSE_BYTES).poll(null, 10))
                .isInstanceOf(IOException.class).hasMessageContaining("302");
        assertThat(elsewhereSaw).isEmpty();
    }

    @Test
    void whenAnErrorAnswerHasABodyThenTheBodyIsNotInTheError() {
        status = 500;
        body = "{\"error\":\"db password is hunter2 for resident 110105194803021010\"}";
        assertThatThrownBy(() -> source(HttpJsonSource.MAX_RESPONSE_BYTES).poll(null, 10))
                .isInstanceOf(IOException.class).hasMessageContaining("500")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("110105"));
    }

    @Test
    void whenTheAnswerIsLargerThanTheCapThenItIsRefused() {
        body = "{\"items\":[{\"id\":\"a\",\"t\":\"2025-01-01 08:00:00\",\"pad\":\"" + "x".repeat(10_000) + "\"}]}";
        assertThatThrownBy(() -> source(1_000).poll(null, 10))
                .isInstanceOf(IOException.class).hasMessageContaining("larger than");
    }
}
