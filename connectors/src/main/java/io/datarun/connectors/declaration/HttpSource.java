package io.datarun.connectors.declaration;

import io.datarun.schemas.options.InvalidOption;
import io.datarun.schemas.options.Option;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP service returning JSON ({@code kind: http}), polled with a since-parameter and read page
 * by page. The service must treat the since-parameter inclusively (items changed at or after it).
 */
@Option.Kind("http")
public record HttpSource(
        @Option(description = "the first page, `http://` or `https://` (query parameters of your own may be part of it)")
        URI url,
        @Option(defaultValue = "$", description = "where the array of items is in a response: `data.items`, "
                + "`$.data.items`, `result[0].rows`; `$`: the response is the array")
        String itemsPath,
        @Option(description = "where a response gives the next page's address (absolute or relative); missing, `null` "
                + "or `\"\"` ends the pages")
        Optional<String> nextPagePath,
        @Option(description = "instead of `nextPagePath`: a page-number parameter, counted up from `firstPage` until a "
                + "page has no items")
        Optional<String> pageParam,
        @Option(defaultValue = "1", description = "the number of the first page of `pageParam`")
        int firstPage,
        @Option(description = "the query parameter that carries the last committed change time; without it every poll "
                + "reads the whole list")
        Optional<String> sinceParam,
        @Option(description = "the item field holding the item's change time (ISO date-time with or without offset, "
                + "`2025-05-01 08:00:00`, a date, or a number)")
        String sinceField,
        @Option(description = "the item field that identifies an item; the column mapped to the subject field when not "
                + "given")
        Optional<String> keyField,
        @Option(description = "request headers, e.g. `{Authorization: \"Bearer ${HRSS_TOKEN}\"}`")
        Map<String, String> headers,
        @Option(defaultValue = "30s", description = "connect and request timeout")
        Duration timeout,
        @Option.Inline
        Polling polling) implements SourceDeclaration {

    public HttpSource {
        if (url.getScheme() == null || !url.getScheme().matches("(?i)https?") || url.getHost() == null) {
            throw new InvalidOption("url", "expected an http:// or https:// address, found '" + url + "'");
        }
        jsonPath("itemsPath", itemsPath);
        nextPagePath.ifPresent(path -> jsonPath("nextPagePath", path));
        if (nextPagePath.isPresent() && pageParam.isPresent()) {
            throw new InvalidOption("pageParam", "expected either nextPagePath or pageParam, not both");
        }
        jsonPath("sinceField", sinceField);
        keyField.ifPresent(path -> jsonPath("keyField", path));
        headers.keySet().forEach(name -> {
            if (!name.matches("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")) {
                throw new InvalidOption("headers." + name, "expected an HTTP header name, found '" + name + "'");
            }
        });
        headers = Map.copyOf(headers);
    }

    private static void jsonPath(String key, String path) {
        if (!JsonPaths.valid(path)) {
            throw new InvalidOption(key, "expected a JSON path such as data.items or $.data.items, found '" + path + "'");
        }
    }

    @Override
    public String toString() {
        // header values may be credentials: names only
        return "HttpSource[url=" + url + ", itemsPath=" + itemsPath + ", nextPagePath=" + nextPagePath.orElse("-")
                + ", pageParam=" + pageParam.orElse("-") + ", sinceParam=" + sinceParam.orElse("-") + ", sinceField="
                + sinceField + ", keyField=" + keyField.orElse("(subject)") + ", headers=" + headers.keySet()
                + ", batchSize=" + batchSize() + ", pollInterval=" + pollInterval() + "]";
    }
}
