package io.datarun.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.connectors.declaration.HttpSource;
import io.datarun.connectors.declaration.JsonPaths;
import io.datarun.connectors.declaration.Polling;
import io.datarun.connectors.spi.SourceBatch;
import io.datarun.connectors.spi.SourceContext;
import io.datarun.connectors.spi.SourceRow;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP source on its own against a real HTTP server with page-number paging and a service that
 * treats the since-parameter inclusively: polls of 2 through groups of equal change times read every
 * item once.
 */
class HttpJsonSourceTest {
    private PagedItemService service;

    @BeforeEach
    void start() throws Exception {
        service = new PagedItemService();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private HttpJsonSource source() {
        HttpSource declaration = new HttpSource(URI.create(service.url()), "$", Optional.empty(), Optional.of("p"), 1,
                Optional.of("since"), "t", Optional.of("id"), Map.of(), Duration.ofSeconds(5),
                new Polling(2, Duration.ofSeconds(1), ZoneId.of("Asia/Shanghai")));
        HttpJsonSource source = new HttpJsonSource(declaration, "id");
        source.open(new SourceContext("test", "ds", Map.of(), ZoneId.of("Asia/Shanghai"), Path.of("test.yaml")));
        return source;
    }

    private void add(String id, String t) {
        service.add(id, t);
    }

    @Test
    void whenPollingInBatchesThroughEqualChangeTimesThenEveryItemIsReadOnce() throws Exception {
        add("a", "2025-01-01 08:00:00");
        add("c", "2025-01-01 08:00:00");
        add("b", "2025-01-01 08:00:00");
        add("d", "2025-01-01 08:00:01");
        add("e", "2025-01-01 08:00:02");

        HttpJsonSource source = source();
        List<String> seen = new ArrayList<>();
        String position = null;
        for (int i = 0; i < 10; i++) {
            SourceBatch batch = source.poll(position, 2);
            batch.rows().stream().map(SourceRow::columns).forEach(c -> seen.add((String) c.get("id")));
            position = batch.next();
            if (batch.rows().isEmpty()) {
                break;
            }
        }
        assertThat(seen).hasSize(5).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
        assertThat(HttpPosition.parse(position)).isEqualTo(new HttpPosition("2025-01-01 08:00:02", java.util.Set.of("e")));
        assertThat(service.queries()).anyMatch(q -> q.equals("kind=resident&since=2025-01-01%2008%3A00%3A00&p=2"));

        // a new item at the committed change time itself, from another "restarted" source instance
        add("f", "2025-01-01 08:00:02");
        SourceBatch after = source().poll(position, 2);
        assertThat(after.rows()).extracting(r -> r.columns().get("id")).containsExactly("f");
        assertThat(HttpPosition.parse(after.next()).keys()).containsExactly("e", "f");
        assertThat(source().poll(after.next(), 2).rows()).isEmpty();
    }

    @Test
    void whenChangeTimesAreIsoOffsetsOrNumbersThenTheyAreOrderedAsSuch() {
        SinceOrder order = new SinceOrder(ZoneId.of("Asia/Shanghai"));
        assertThat(order.compare("2025-01-01T08:00:00+08:00", "2025-01-01T00:00:00Z")).isZero();
        assertThat(order.compare("9", "10")).isNegative();
        assertThat(order.compare("2025-01-01 08:00:00", "2025-01-01T08:00:00.5")).isNegative();
        assertThat(JsonPaths.valid("$.data.items")).isTrue();
        assertThat(JsonPaths.valid("links.next")).isTrue();
        assertThat(JsonPaths.valid("pages[0].next")).isTrue();
        assertThat(JsonPaths.valid("a..b")).isFalse();
        assertThat(new String(HttpJsonSource.withParameter(URI.create("http://h/x?a=1&since=old"), "since", "new")
                .toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo("http://h/x?a=1&since=new");
    }
}
