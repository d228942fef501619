package io.datarun.connectors.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The committed position of a queue source, as JSON: {@code {"ids": [<the ids of the most recently
 * committed messages, oldest first>]}}. A queue has no offset to resume from — the broker re-delivers
 * what was not acknowledged — so the position is what is needed to recognise a re-delivery of a
 * message whose record is already in Kafka (the runtime crashed between the commit and the ack).
 */
public record QueuePosition(Set<String> ids) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public QueuePosition {
        ids = Collections.unmodifiableSet(new LinkedHashSet<>(ids));
    }

    public static QueuePosition parse(String text) {
        if (text == null || text.isBlank()) {
            return new QueuePosition(Set.of());
        }
        try {
            Set<String> ids = new LinkedHashSet<>();
            JsonNode node = JSON.readTree(text);
            node.path("ids").forEach(id -> ids.add(id.asText()));
            return new QueuePosition(ids);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a queue source position: " + text, e);
        }
    }

    public boolean contains(String id) {
        return ids.contains(id);
    }

    /** This position with {@code added} appended, keeping only the newest {@code window} ids. */
    public QueuePosition plus(Collection<String> added, int window) {
        LinkedHashSet<String> next = new LinkedHashSet<>(ids);
        next.addAll(added);
        Iterator<String> oldest = next.iterator();
        for (int extra = next.size() - window; extra > 0; extra--) {
            oldest.next();
            oldest.remove();
        }
        return new QueuePosition(next);
    }

    public String toText() {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode array = node.putArray("ids");
        ids.forEach(array::add);
        return node.toString();
    }
}
