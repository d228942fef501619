package io.datarun.connectors.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP service on 127.0.0.1, as departments build them: {@code GET /items?since=&p=} answers
 * the items whose change time {@code t} is at or after {@code since} (inclusive), in the order they
 * were added, two per page ({@code p} counts from 1); the response is the JSON array itself.
 */
final class PagedItemService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Map<String, String>> items = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    PagedItemService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/items", exchange -> {
            try (exchange) {
                queries.add(exchange.getRequestURI().getRawQuery());
                String since = null;
                int page = 1;
                for (String pair : exchange.getRequestURI().getQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    if (kv[0].equals("since")) {
                        since = kv[1];
                    } else if (kv[0].equals("p")) {
                        page = Integer.parseInt(kv[1]);
                    }
                }
                String from = since;
                List<Map<String, String>> selected = items.stream()
                        .filter(i -> from == null || i.get("t").compareTo(from) >= 0).toList();
                List<Map<String, String>> pageItems = selected.subList(Math.min(selected.size(), (page - 1) * 2),
                        Math.min(selected.size(), page * 2));
                byte[] body = JSON.writeValueAsBytes(pageItems);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    /** The first page's address, with a query parameter of the service's own. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/items?kind=resident";
    }

    void add(String id, String t) {
        items.add(Map.of("id", id, "t", t, "v", "value " + id));
    }

    /** Every raw query string received, oldest first. */
    List<String> queries() {
        return queries;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
