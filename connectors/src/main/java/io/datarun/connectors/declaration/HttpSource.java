package io.datarun.connectors.declaration;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP service returning JSON, polled with a since-parameter and read page by page.
 *
 * @param url the first page's address (without the since-parameter, which the runtime adds)
 * @param itemsPath where the array of items is in each response: dotted names such as {@code data.items}
 *        (a leading {@code $.} is allowed); {@code $} or empty: the response is the array
 * @param nextPagePath where the next page's address is in a response (absolute or relative to the
 *        page); missing, null or empty: this was the last page
 * @param pageParam the name of a page-number query parameter, counted up from {@code firstPage}
 *        until a page brings no items (used when there is no {@code nextPagePath})
 * @param sinceParam the query parameter the last committed change time is sent in (inclusive: the
 *        service returns items changed at or after it); empty: every poll reads the whole list
 * @param sinceField the item field holding the item's change time
 * @param keyField the item field that identifies an item; empty: the column mapped to the subject field
 * @param headers request headers (values may use {@code ${ENV:default}})
 */
public record HttpSource(
        URI url,
        String itemsPath,
        Optional<String> nextPagePath,
        Optional<String> pageParam,
        int firstPage,
        Optional<String> sinceParam,
        String sinceField,
        Optional<String> keyField,
        Map<String, String> headers,
        Duration timeout,
        int batchSize,
        Duration pollInterval,
        ZoneId zone) implements SourceDeclaration {

    public HttpSource {
        headers = Map.copyOf(headers);
    }

    @Override
    public String kind() {
        return "http";
    }

    @Override
    public String toString() {
        // header values may be credentials: names only
        return "HttpSource[url=" + url + ", itemsPath=" + itemsPath + ", nextPagePath=" + nextPagePath.orElse("-")
                + ", pageParam=" + pageParam.orElse("-") + ", sinceParam=" + sinceParam.orElse("-") + ", sinceField="
                + sinceField + ", keyField=" + keyField.orElse("(subject)") + ", headers=" + headers.keySet()
                + ", batchSize=" + batchSize + ", pollInterval=" + pollInterval + "]";
    }
}
