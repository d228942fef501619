package io.datarun.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/datarun-dashboard.json: a dashboard Grafana imports, every panel with a query, and
 * no metric a query reads that nobody has written down: each is in deploy/grafana/README.md, and
 * each the README says datarun exposes is registered under that name in the applications' code.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Repo.path("deploy/grafana/datarun-dashboard.json");
    private static final Path README = Repo.path("deploy/grafana/README.md");
    /** A metric in a PromQL expression: a name followed by its label selector (the dashboard always writes one). */
    private static final Pattern METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{");
    /** A row of the README's metrics table: | `name` | from | status | */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z0-9_:]+)`\\s*\\|(.*)\\|\\s*(exposed|expected)\\s*\\|\\s*$");

    private static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    private static List<JsonNode> queryPanels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    private static Set<String> metrics(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void everyPanelHasAQueryOnAKnownDataSource() throws IOException {
        JsonNode dashboard = dashboard();
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("title").asText()).isNotBlank();
        List<JsonNode> panels = queryPanels(dashboard);
        assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("panel id of '%s' is unique", title).isTrue();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as("'%s' has queries", title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(expr).as("'%s' query %s", title, target.path("refId").asText()).isNotBlank();
                assertThat(metrics(expr)).as("'%s' reads a metric: %s", title, expr).isNotEmpty();
                assertThat(count(expr, '(')).as("'%s' brackets balance: %s", title, expr).isEqualTo(count(expr, ')'));
                assertThat(count(expr, '{')).as("'%s' braces balance: %s", title, expr).isEqualTo(count(expr, '}'));
            }
        }
        assertThat(panels).extracting(p -> p.path("title").asText()).as("what an operator watches")
                .anyMatch(t -> t.startsWith("Ingest rate")).anyMatch(t -> t.startsWith("Dead letters"))
                .anyMatch(t -> t.startsWith("Gateway behind")).anyMatch(t -> t.startsWith("Reads per second"))
                .anyMatch(t -> t.startsWith("Read latency")).anyMatch(t -> t.contains("429")).anyMatch(t -> t.contains("503"))
                .anyMatch(t -> t.startsWith("Audit write latency")).anyMatch(t -> t.startsWith("Reconciled"));
    }

    private static long count(String s, char c) {
        return s.chars().filter(ch -> ch == c).count();
    }

    /** The README's table: metric to its "from" cell, and which are exposed. */
    private static Map<String, String[]> documented() throws IOException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(README)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.put(m.group(1), new String[] {m.group(2), m.group(3)});
            }
        }
        return rows;
    }

    @Test
    void everyMetricTheDashboardReadsIsDocumented() throws IOException {
        Set<String> used = new TreeSet<>();
        queryPanels(dashboard()).forEach(p -> p.path("targets").forEach(t -> used.addAll(metrics(t.path("expr").asText()))));
        assertThat(documented().keySet()).as("deploy/grafana/README.md lists exactly the metrics the dashboard reads")
                .containsExactlyInAnyOrderElementsOf(used);
    }

    @Test
    void everyDatarunMetricDocumentedAsExposedIsRegisteredInTheCode() throws IOException {
        String code = mainSources();
        Pattern registered = Pattern.compile("`(datarun[._][a-z0-9._]+)`");
        documented().forEach((metric, row) -> {
            if (!metric.startsWith("datarun_") || !row[1].equals("exposed")) {
                return;
            }
            Matcher m = registered.matcher(row[0]);
            assertThat(m.find()).as("the README names the meter behind %s", metric).isTrue();
            assertThat(code).as("%s: meter \"%s\" is registered in gateway/ or connectors/", metric, m.group(1))
                    .contains("\"" + m.group(1) + "\"");
        });
    }

    private static String mainSources() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String module : List.of("gateway/src/main/java", "connectors/src/main/java")) {
            try (Stream<Path> files = Files.walk(Repo.path(module))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    try {
                        all.append(Files.readString(f));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        return all.toString();
    }
}
