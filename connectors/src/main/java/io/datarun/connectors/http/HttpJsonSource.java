package io.datarun.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.connectors.declaration.HttpSource;
import io.datarun.connectors.declaration.JsonPaths;
import io.datarun.connectors.spi.SourceBatch;
import io.datarun.connectors.spi.SourceConnector;
import io.datarun.connectors.spi.SourceContext;
import io.datarun.connectors.spi.SourceRow;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The HTTP/JSON polling source ({@code kind: http}), written against the SPI.
 *
 * <p>Each poll asks the service for the items changed at or after the committed since-value
 * ({@code ?<sinceParam>=<since>}), follows the pages ({@code nextPagePath} or {@code pageParam}),
 * drops the items already committed, orders the rest by (change time, key) and returns up to
 * {@code max}. The position ({@link HttpPosition}) is the change time of the last committed item
 * <em>and</em> the keys committed at exactly that time, so items sharing one timestamp across a
 * batch or page boundary are neither skipped nor repeated although the service is asked inclusively.
 *
 * <p>Paging stops early once a poll has {@code max} new items: the service must return items in
 * ascending change-time order (the usual contract of a since-API). Items without a change time or a
 * key cannot be placed in that order and are skipped with a warning.
 */
public final class HttpJsonSource implements SourceConnector {
    private static final Logger LOG = Logger.getLogger(HttpJsonSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A guard against services whose next-page link never ends. */
    static final int MAX_PAGES = 10_000;
    /** The largest answer read from a service; a larger one is refused before it fills the heap. */
    static final long MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

    private final HttpSource declaration;
    private final String keyField;
    private final long maxResponseBytes;
    private HttpClient client;
    private SinceOrder order;
    private String connector = "";

    public HttpJsonSource(HttpSource declaration, String keyField) {
        this(declaration, keyField, MAX_RESPONSE_BYTES);
    }

    HttpJsonSource(HttpSource declaration, String keyField, long maxResponseBytes) {
        this.declaration = declaration;
        this.keyField = keyField;
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    public void open(SourceContext context) {
        connector = context.connector();
        order = new SinceOrder(declaration.zone());
        // never follow a redirect: the declared headers (credentials) would go wherever it points
        client = HttpClient.newBuilder().connectTimeout(declaration.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private record Item(String since, String key, ObjectNode json) {
    }

    @Override
    public SourceBatch poll(String positionText, int max) throws IOException, InterruptedException {
        HttpPosition position = HttpPosition.parse(positionText);
        Map<String, Item> fresh = new LinkedHashMap<>();
        int skipped = 0;
        URI page = firstPage(position);
        int pageNumber = declaration.firstPage();
        for (int pages = 0; page != null; pages++) {
            if (pages >= MAX_PAGES) {
                throw new IOException("more than " + MAX_PAGES + " pages from " + declaration.url() + "; does its next page "
                        + "ever end?");
            }
            JsonNode body = get(page);
            ArrayNode items = items(body, page);
            for (JsonNode node : items) {
                String since = node instanceof ObjectNode ? scalar(node, declaration.sinceField()) : null;
                String key = node instanceof ObjectNode ? scalar(node, keyField) : null;
                if (since == null || key == null) {
                    skipped++;
                    continue;
                }
                if (position.since() != null) {
                    int c = order.compare(since, position.since());
                    if (c < 0 || c == 0 && position.keys().contains(key)) {
                        continue; // committed before
                    }
                }
                Item item = new Item(since, key, (ObjectNode) node);
                Item earlier = fresh.get(key);
                // an item changed while we paged may show twice: keep its newest state
                if (earlier == null || order.compare(since, earlier.since()) >= 0) {
                    fresh.remove(key);
                    fresh.put(key, item);
                }
            }
            if (fresh.size() >= max) {
                break; // later pages hold later change times only
            }
            page = next(body, items, page, ++pageNumber);
        }
        if (skipped > 0) {
            LOG.warnf("connector=%s skipped %d item(s) of %s without '%s' or '%s': they cannot be ordered", connector,
                    skipped, declaration.url(), declaration.sinceField(), keyField);
        }
        if (fresh.isEmpty()) {
            return SourceBatch.empty(positionText);
        }
        List<Item> sorted = new ArrayList<>(fresh.values());
        sorted.sort(Comparator.comparing(Item::since, order).thenComparing(Item::key));
        List<Item> batch = sorted.subList(0, Math.min(max, sorted.size()));
        List<SourceRow> rows = new ArrayList<>(batch.size());
        for (Item item : batch) {
            rows.add(new SourceRow(HttpPosition.rowText(item.since(), item.key()), flatten(item.json())));
        }
        String lastSince = batch.get(batch.size() - 1).since();
        Set<String> keys = new LinkedHashSet<>();
        if (position.since() != null && order.compare(lastSince, position.since()) == 0) {
            keys.addAll(position.keys());
        }
        batch.stream().filter(i -> order.compare(i.since(), lastSince) == 0).forEach(i -> keys.add(i.key()));
        return new SourceBatch(rows, new HttpPosition(lastSince, keys).toText());
    }

    private URI firstPage(HttpPosition position) {
        URI uri = declaration.url();
        if (position.since() != null && declaration.sinceParam().isPresent()) {
            uri = withParameter(uri, declaration.sinceParam().get(), position.since());
        }
        if (declaration.nextPagePath().isEmpty() && declaration.pageParam().isPresent()) {
            uri = withParameter(uri, declaration.pageParam().get(), String.valueOf(declaration.firstPage()));
        }
        return uri;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + port(uri);
    }

    private URI next(JsonNode body, ArrayNode items, URI current, int pageNumber) throws IOException {
        if (declaration.nextPagePath().isPresent()) {
            JsonNode link = JsonPaths.at(body, declaration.nextPagePath().get());
            if (link == null || link.isNull() || link.asText().isBlank()) {
                return null;
            }
            URI next = current.resolve(link.asText().strip());
            if (!sameOrigin(next, declaration.url())) {
                // the declared headers carry the department's credentials: they go to the declared origin only
                throw new IOException("the next-page link of " + withoutQuery(current) + " points to another origin ("
                        + next.getScheme() + "://" + next.getHost() + (next.getPort() < 0 ? "" : ":" + next.getPort())
                        + "); only links within " + origin(declaration.url()) + " are followed");
            }
            return next.equals(current) ? null : next;
        }
        if (declaration.pageParam().isPresent() && !items.isEmpty()) {
            return withParameter(current, declaration.pageParam().get(), String.valueOf(pageNumber));
        }
        return null;
    }

    private JsonNode get(URI uri) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(declaration.timeout()).GET()
                .header("Accept", "application/json");
        declaration.headers().forEach(request::header);
        HttpResponse<java.io.InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream in = response.body()) {
            if (response.statusCode() / 100 != 2) {
                // the status only: an error page may echo credentials or personal data, and this message is
                // shown in the connector's status and logs
                throw new IOException("GET " + withoutQuery(uri) + " answered " + response.statusCode());
            }
            return parse(uri, in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1)));
        }
    }

    private JsonNode parse(URI uri, byte[] body) throws IOException {
        if (body.length > maxResponseBytes) {
            throw new IOException("GET " + withoutQuery(uri) + " answered more than " + maxResponseBytes
                    + " bytes; larger than a page may be (ask for smaller pages)");
        }
        try {
            return JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // where, not what: the parser's own message quotes the body
            throw new IOException("GET " + withoutQuery(uri) + " did not answer JSON"
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
    }

    private ArrayNode items(JsonNode body, URI uri) throws IOException {
        JsonNode items = JsonPaths.at(body, declaration.itemsPath());
        if (items instanceof ArrayNode array) {
            return array;
        }
        throw new IOException("GET " + withoutQuery(uri) + ": expected an array at itemsPath '" + declaration.itemsPath()
                + "', found " + (items == null ? "nothing" : items.getNodeType().toString().toLowerCase()));
    }

    private static String withoutQuery(URI uri) {
        String text = uri.toString();
        int q = text.indexOf('?');
        return q < 0 ? text : text.substring(0, q);
    }

    static URI withParameter(URI uri, String name, String value) {
        String text = uri.toString();
        // %20, not '+', for a space: '+' means a space only to form decoders, and a since-value such as
        // "2025-05-01 08:00:00" must reach every service intact
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        int hash = text.indexOf('#');
        String fragment = hash < 0 ? "" : text.substring(hash);
        String rest = hash < 0 ? text : text.substring(0, hash);
        // replace an existing value of the same parameter
        String prefix = URLEncoder.encode(name, StandardCharsets.UTF_8) + "=";
        int q = rest.indexOf('?');
        if (q >= 0) {
            List<String> kept = new ArrayList<>();
            for (String pair : rest.substring(q + 1).split("&")) {
                if (!pair.isEmpty() && !pair.startsWith(prefix)) {
                    kept.add(pair);
                }
            }
            kept.add(encoded);
            return URI.create(rest.substring(0, q) + "?" + String.join("&", kept) + fragment);
        }
        return URI.create(rest + "?" + encoded + fragment);
    }

    /** A scalar field (dotted path allowed) as text; null when missing, null or not a scalar. */
    private static String scalar(JsonNode item, String path) {
        JsonNode value = JsonPaths.at(item, path);
        return value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank() ? null
                : value.asText().strip();
    }

    /** Top-level and nested fields as columns ({@code address.city}); arrays as JSON text. */
    public static Map<String, Object> flatten(ObjectNode item) {
        Map<String, Object> columns = new LinkedHashMap<>();
        flatten("", item, columns);
        return columns;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> columns) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(name + ".", value, columns);
            } else if (value.isNull()) {
                columns.put(name, null);
            } else if (value.isValueNode()) {
                columns.put(name, value.asText());
            } else {
                columns.put(name, value.toString());
            }
        }
    }

    @Override
    public void close() {
        client = null; // JDK 17's HttpClient has no close; its threads end when it is unreachable
    }
}
