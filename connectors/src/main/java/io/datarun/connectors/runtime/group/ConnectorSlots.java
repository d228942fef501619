package io.datarun.connectors.runtime.group;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Utils;

/**
 * Maps a connector to a partition ("slot") of the coordination topic by a hash of its name alone,
 * so every runtime computes the same slot whatever else it declares: adding or removing a
 * declaration never moves another connector to a different slot. Several connectors may share a
 * slot; they then always run together on one runtime.
 */
public final class ConnectorSlots {
    private ConnectorSlots() {
    }

    /** Kafka's own murmur2, as its default partitioner uses for keys: stable across JVMs and versions. */
    public static int slot(String connector, int slots) {
        return Utils.toPositive(Utils.murmur2(connector.getBytes(StandardCharsets.UTF_8))) % slots;
    }

    /** Slot to the connectors in it (sorted), only slots that hold at least one. */
    public static Map<Integer, TreeSet<String>> bySlot(Collection<String> connectors, int slots) {
        Map<Integer, TreeSet<String>> bySlot = new TreeMap<>();
        for (String connector : connectors) {
            bySlot.computeIfAbsent(slot(connector, slots), s -> new TreeSet<>()).add(connector);
        }
        return bySlot;
    }
}
