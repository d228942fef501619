package io.datarun.connectors.http;

import io.datarun.connectors.declaration.HttpSource;
import io.datarun.connectors.declaration.Polling;
import io.datarun.connectors.spi.SourceConnector;
import io.datarun.connectors.spi.SourceContext;
import io.datarun.connectors.testkit.SourceConnectorConformance;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * The built-in HTTP source under the conformance kit, against a real paged service: three items
 * share each change time, so batch and page boundaries fall inside groups of equal times.
 */
class HttpJsonSourceConformanceTest extends SourceConnectorConformance {
    private static final LocalDateTime START = LocalDateTime.of(2025, 1, 1, 8, 0);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private final PagedItemService service;
    private int added;

    HttpJsonSourceConformanceTest() throws Exception {
        service = new PagedItemService();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Override
    protected SourceConnector newSource() {
        HttpSource declaration = new HttpSource(URI.create(service.url()), "$", Optional.empty(), Optional.of("p"), 1,
                Optional.of("since"), "t", Optional.of("id"), Map.of(), Duration.ofSeconds(5),
                new Polling(2, Duration.ofSeconds(1), ZoneId.of("Asia/Shanghai")));
        return new HttpJsonSource(declaration, "id");
    }

    @Override
    protected SourceContext context() {
        return context(Map.of());
    }

    @Override
    protected void addRows(int count) {
        for (int i = 0; i < count; i++) {
            added++;
            service.add(String.format("item-%03d", added), TIME.format(START.plusSeconds(added / 3)));
        }
    }

    @Override
    protected String changeTimeColumn() {
        return "t";
    }
}
