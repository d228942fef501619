package io.datarun.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A department's own system answering JSON over HTTP, as many departmental platforms do: for each
 * table delivered by {@link DemoTable.Delivery#HTTP},
 * {@code GET /<department>/api/v1/<table>?changedSince=2025-06-01%2008:00:00&page=2} returns
 * {@code {"items": [...], "page": 2, "pageSize": 200}}: the rows changed at or after
 * {@code changedSince} (inclusive, as datarun's HTTP source expects), in ascending change time
 * then id, a page at a time; an empty page ends the paging. Rows are read from the department's
 * H2 database on every request, so rows added later are served too.
 */
final class DepartmentHttpService implements AutoCloseable {
    static final int PAGE_SIZE = 200;
    private static final DateTimeFormatter CHANGE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final HttpServer server;
    private final String dir;

    private DepartmentHttpService(HttpServer server, String dir) {
        this.server = server;
        this.dir = dir;
    }

    /** Serves the HTTP-delivered tables of the H2 databases under {@code dir} on 127.0.0.1:{@code port} (0: any free port). */
    static DepartmentHttpService start(String dir, int port, List<DemoTable> tables) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        DepartmentHttpService service = new DepartmentHttpService(server, dir);
        for (DemoTable table : tables) {
            if (table.delivery() == DemoTable.Delivery.HTTP) {
                server.createContext(path(table), exchange -> service.handle(exchange, table));
            }
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return service;
    }

    static String path(DemoTable table) {
        return "/" + table.department() + "/api/v1/" + table.name();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange, DemoTable table) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, error("only GET"));
                return;
            }
            if (!exchange.getRequestURI().getPath().equals(path(table))) {
                send(exchange, 404, error("no such resource"));
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            LocalDateTime since;
            int page;
            try {
                since = query.containsKey("changedSince") ? parseChangeTime(query.get("changedSince")) : null;
                page = Integer.parseInt(query.getOrDefault("page", "1"));
                if (page < 1) {
                    throw new NumberFormatException("page < 1");
                }
            } catch (DateTimeParseException | NumberFormatException e) {
                send(exchange, 400, error("changedSince must be yyyy-MM-dd HH:mm:ss, page a number from 1: " + e.getMessage()));
                return;
            }
            try {
                send(exchange, 200, page(table, since, page));
            } catch (SQLException e) {
                send(exchange, 503, error("database unavailable: " + e.getMessage()));
            }
        }
    }

    private String page(DemoTable table, LocalDateTime since, int page) throws SQLException {
        String sql = "SELECT * FROM " + table.name() + (since == null ? "" : " WHERE gxsj >= ?")
                + " ORDER BY gxsj, id LIMIT " + PAGE_SIZE + " OFFSET " + (long) (page - 1) * PAGE_SIZE;
        JsonArrayBuilder items = Json.createArrayBuilder();
        try (Connection connection = DriverManager.getConnection(table.h2Url(dir), "sa", "");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (since != null) {
                statement.setTimestamp(1, Timestamp.valueOf(since));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    items.add(item(table, rs));
                }
            }
        }
        return Json.createObjectBuilder().add("items", items).add("page", page).add("pageSize", PAGE_SIZE).build()
                .toString();
    }

    private static JsonObjectBuilder item(DemoTable table, ResultSet rs) throws SQLException {
        JsonObjectBuilder item = Json.createObjectBuilder().add(DemoTable.KEY, rs.getLong(DemoTable.KEY));
        for (DemoTable.Column column : table.columns()) {
            Object value = rs.getObject(column.name());
            if (value == null) {
                item.addNull(column.name());
            } else if (value instanceof BigDecimal decimal) {
                item.add(column.name(), decimal);
            } else if (value instanceof Integer number) {
                item.add(column.name(), number);
            } else if (value instanceof java.sql.Date date) {
                item.add(column.name(), date.toLocalDate().toString());
            } else {
                item.add(column.name(), value.toString());
            }
        }
        Timestamp gxsj = rs.getTimestamp(DemoTable.WATERMARK);
        return item.add(DemoTable.WATERMARK, gxsj.toLocalDateTime().format(CHANGE_TIME));
    }

    static LocalDateTime parseChangeTime(String text) {
        return LocalDateTime.parse(text.strip(), CHANGE_TIME);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static String error(String message) {
        return Json.createObjectBuilder().add("error", message).build().toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
