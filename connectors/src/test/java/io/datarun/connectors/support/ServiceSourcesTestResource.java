package io.datarun.connectors.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real KRaft broker in this JVM, a real HTTP server (the JDK's, on 127.0.0.1 and a free port)
 * serving a department's residents as paged JSON, and a fresh queue on the real RabbitMQ of this
 * machine (127.0.0.1:5672, guest/guest), with a {@code kind: http} and a {@code kind: rabbitmq}
 * declaration. The HTTP service's items are a list the test mutates; it is shared through the
 * system properties because it holds only JDK types (the test and this resource may be loaded by
 * different class loaders).
 */
public class ServiceSourcesTestResource extends ConnectorsTestResource {
    public static final String HTTP_CONNECTOR = "hrss-residents-http-test";
    public static final String QUEUE_CONNECTOR = "ps-residents-queue-test";
    /** System property key of the service's items: {@code List<Map<String, String>>}. */
    public static final String ITEMS = "datarun-test.http-items";
    /** System property key of the number of authorised requests served: {@code AtomicInteger}. */
    public static final String REQUESTS = "datarun-test.http-requests";
    public static final String TOKEN = "test-token-7f3a";
    public static final int PAGE_SIZE = 3;
    public static final String RABBIT_URI = "amqp://guest:guest@127.0.0.1:5672/%2F";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private String queue;

    @SuppressWarnings("unchecked")
    public static List<Map<String, String>> items() {
        return (List<Map<String, String>>) System.getProperties().get(ITEMS);
    }

    public static int requests() {
        return ((AtomicInteger) System.getProperties().get(REQUESTS)).get();
    }

    public ServiceSourcesTestResource() {
        super("datarun-service-sources-test");
    }

    @Override
    protected Map<String, String> config(Path root) throws Exception {
        List<Map<String, String>> items = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        System.getProperties().put(ITEMS, items);
        System.getProperties().put(REQUESTS, requests);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/residents", exchange -> serve(exchange, items, requests));
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/residents";

        queue = "datarun-test-" + UUID.randomUUID();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(RABBIT_URI);
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
        }

        Path declarations = Files.createDirectories(root.resolve("declarations"));
        Files.writeString(declarations.resolve(HTTP_CONNECTOR + ".yaml"), """
                name: %s
                dataset: public-security.household-registry
                source:
                  kind: http
                  url: %s
                  itemsPath: $.data.items
                  nextPagePath: links.next
                  sinceParam: changedSince
                  sinceField: updatedAt
                  keyField: personId
                  headers: {Authorization: "Bearer ${DATARUN_TEST_HTTP_TOKEN:%s}"}
                  batchSize: 4
                  pollInterval: 200ms
                mapping:
                  residentId: sfzh
                  name: person.name
                  gender: {column: xb, codes: {"1": MALE, "2": FEMALE}}
                  birthDate: csrq
                  ethnicity: mz
                  householdNumber: hh
                  registeredAddress: hjdz
                  divisionCode: xzqh
                  updatedAt: updatedAt
                """.formatted(HTTP_CONNECTOR, url, TOKEN));
        Files.writeString(declarations.resolve(QUEUE_CONNECTOR + ".yaml"), """
                name: %s
                dataset: public-security.household-registry
                source:
                  kind: rabbitmq
                  uri: ${DATARUN_TEST_RABBIT_URI:%s}
                  queue: %s
                  batchSize: 4
                  dedupeWindow: 100
                  pollInterval: 200ms
                mapping:
                  residentId: sfzh
                  name: xm
                  gender: {column: xb, codes: {"1": MALE, "2": FEMALE}}
                  birthDate: csrq
                  ethnicity: mz
                  householdNumber: hh
                  registeredAddress: hjdz
                  divisionCode: xzqh
                  updatedAt: gxsj
                """.formatted(QUEUE_CONNECTOR, RABBIT_URI, queue));
        return Map.of(
                "datarun.connectors.dir", declarations.toString(),
                "datarun-test.queue", queue,
                // JdbcConnectorTest's injection point is validated in every test application
                "datarun-test.jdbc-url", "unused-by-service-source-tests");
    }

    /**
     * {@code GET /api/residents?changedSince=…&offset=…}: items changed at or after {@code changedSince}
     * (inclusive, as a since-API should be), ordered by change time, {@link #PAGE_SIZE} per page, with
     * {@code links.next} pointing at the next page. 401 without the declared bearer token.
     */
    private static void serve(HttpExchange exchange, List<Map<String, String>> items, AtomicInteger requests)
            throws IOException {
        try (exchange) {
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                byte[] body = "{\"error\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            requests.incrementAndGet();
            Map<String, String> query = new LinkedHashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            String since = query.get("changedSince");
            int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
            List<Map<String, String>> selected = new ArrayList<>(items.stream()
                    .filter(i -> since == null || i.get("updatedAt").compareTo(since) >= 0)
                    .sorted(Comparator.comparing((Map<String, String> i) -> i.get("updatedAt")))
                    .toList());
            List<Map<String, Object>> page = new ArrayList<>();
            for (int i = offset; i < Math.min(selected.size(), offset + PAGE_SIZE); i++) {
                Map<String, Object> item = new LinkedHashMap<>(selected.get(i));
                // a nested object: mapped as person.name
                item.put("person", Map.of("name", selected.get(i).get("xm")));
                item.remove("xm");
                page.add(item);
            }
            Map<String, Object> links = new LinkedHashMap<>();
            if (offset + PAGE_SIZE < selected.size()) {
                links.put("next", "/api/residents?" + (since == null ? "" : "changedSince="
                        + java.net.URLEncoder.encode(since, StandardCharsets.UTF_8) + "&") + "offset=" + (offset + PAGE_SIZE));
            } else {
                links.put("next", null);
            }
            byte[] body = JSON.writeValueAsBytes(Map.of("data", Map.of("items", page), "links", links));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    protected void cleanUp() {
        if (server != null) {
            server.stop(0);
        }
        if (queue != null) {
            try {
                ConnectionFactory factory = new ConnectionFactory();
                factory.setUri(RABBIT_URI);
                try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
                    channel.queueDelete(queue);
                }
            } catch (Exception e) {
                System.err.println("could not delete test queue " + queue + ": " + e);
            }
        }
        System.getProperties().remove(ITEMS);
        System.getProperties().remove(REQUESTS);
    }
}
