package io.datarun.connectors.runtime.group;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

/**
 * The group leader's rule for splitting connectors between runtimes (Kafka's classic group
 * protocol runs it on one member per rebalance). Each member sends the connectors it declares now
 * and the slots it ran before; the leader then assigns the slots that hold connectors so that
 * <ul>
 * <li>a slot goes to a runtime that declares all of its connectors (during a rolling change of the
 *     declarations a runtime cannot run what it has not read), else to any runtime;</li>
 * <li>each runtime runs at most {@code ceil(connectors / runtimes)} connectors where slots allow;</li>
 * <li>a slot stays where it was when that keeps the balance, so a runtime joining, or a declaration
 *     added or removed, moves few connectors.</li>
 * </ul>
 * Slots without a connector are not assigned.
 *
 * <p>Cooperative: a rebalance takes from a runtime only the slots that move, and never hands a slot
 * to its new runtime in the same round in which it leaves the old one (Kafka checks that). The old
 * runtime stops its connectors and rejoins; the next round gives the slot, now held by no one, to
 * the new runtime. So a connector is stopped on its old runtime before it starts on the new one, and
 * connectors that do not move keep running through a rebalance.
 *
 * <p>The consumer hands in the declared names via the config key {@value #DECLARED_CONFIG}: a
 * {@code Supplier<Set<String>>} read at every join (the declarations change while the runtime runs),
 * or a fixed comma-separated list.
 */
public final class ConnectorAssignor implements ConsumerPartitionAssignor, Configurable {
    public static final String NAME = "datarun-connectors";
    /** Consumer config key: the connector names this runtime declares (a supplier of them, or a comma-separated list). */
    public static final String DECLARED_CONFIG = "datarun.connectors.declared";

    private Supplier<Set<String>> declared = Set::of;
    private volatile List<Integer> previousSlots = List.of();

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        Object value = configs.get(DECLARED_CONFIG);
        if (value instanceof Supplier<?> supplier) {
            declared = (Supplier<Set<String>>) supplier;
            return;
        }
        Set<String> names = new TreeSet<>();
        if (value != null) {
            Arrays.stream(value.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
        }
        Set<String> fixed = Set.copyOf(names);
        declared = () -> fixed;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.COOPERATIVE);
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return MemberData.encode(new TreeSet<>(declared.get()), previousSlots);
    }

    @Override
    public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
        previousSlots = assignment.partitions().stream().map(TopicPartition::partition).sorted().toList();
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> subscriptions = groupSubscription.groupSubscription();
        String topic = subscriptions.values().iterator().next().topics().get(0);
        Integer partitions = metadata.partitionCountForTopic(topic);
        Map<String, MemberData> members = new TreeMap<>();
        Map<String, List<Integer>> owned = new TreeMap<>();
        subscriptions.forEach((member, subscription) -> {
            members.put(member, MemberData.decode(subscription.userData()));
            owned.put(member, subscription.ownedPartitions().stream().filter(tp -> tp.topic().equals(topic))
                    .map(TopicPartition::partition).toList());
        });
        Map<String, List<Integer>> slots = assignSlots(members, owned, partitions == null ? 0 : partitions);
        Map<String, Assignment> assignments = new HashMap<>();
        slots.forEach((member, given) -> assignments.put(member,
                new Assignment(given.stream().map(p -> new TopicPartition(topic, p)).toList())));
        return new GroupAssignment(assignments);
    }

    /**
     * The cooperative rule: {@link #assignSlots(Map, int)}, less each slot another member still holds
     * ({@code owned}, member id to the slots it runs now). That member is not given it either, so it
     * stops the slot's connectors and rejoins, and the next round gives the slot to its new runtime.
     */
    static Map<String, List<Integer>> assignSlots(Map<String, MemberData> members, Map<String, List<Integer>> owned,
            int slotCount) {
        Map<String, List<Integer>> result = assignSlots(members, slotCount);
        Map<Integer, Set<String>> holders = new HashMap<>();
        owned.forEach((member, slots) -> slots.forEach(slot -> holders.computeIfAbsent(slot, s -> new HashSet<>()).add(member)));
        result.forEach((member, slots) -> slots.removeIf(slot -> holders.getOrDefault(slot, Set.of()).stream()
                .anyMatch(holder -> !holder.equals(member))));
        return result;
    }

    /** The pure rule, member id to slots; members in id order so every leader decides alike. */
    static Map<String, List<Integer>> assignSlots(Map<String, MemberData> members, int slotCount) {
        Map<String, List<Integer>> result = new TreeMap<>();
        members.keySet().forEach(member -> result.put(member, new ArrayList<>()));
        if (members.isEmpty() || slotCount == 0) {
            return result;
        }
        Set<String> all = new TreeSet<>();
        members.values().forEach(m -> all.addAll(m.declared()));
        Map<Integer, TreeSet<String>> bySlot = ConnectorSlots.bySlot(all, slotCount);
        int quota = (all.size() + members.size() - 1) / members.size();
        Map<String, Integer> load = new HashMap<>();
        members.keySet().forEach(member -> load.put(member, 0));
        Set<Integer> done = new HashSet<>();
        // first keep slots where they were, as far as the quota allows
        for (Map.Entry<String, MemberData> member : members.entrySet()) {
            for (int slot : member.getValue().previousSlots()) {
                TreeSet<String> connectors = bySlot.get(slot);
                if (connectors == null || done.contains(slot) || !member.getValue().declared().containsAll(connectors)
                        || load.get(member.getKey()) + connectors.size() > quota) {
                    continue;
                }
                give(result, load, member.getKey(), slot, connectors.size());
                done.add(slot);
            }
        }
        // then the rest, biggest slots first, each to the least loaded runtime that can run it
        List<Integer> rest = bySlot.keySet().stream().filter(slot -> !done.contains(slot))
                .sorted(Comparator.comparingInt((Integer slot) -> -bySlot.get(slot).size()).thenComparing(slot -> slot))
                .toList();
        for (int slot : rest) {
            TreeSet<String> connectors = bySlot.get(slot);
            Collection<String> candidates = members.entrySet().stream()
                    .filter(m -> m.getValue().declared().containsAll(connectors)).map(Map.Entry::getKey).toList();
            if (candidates.isEmpty()) {
                candidates = members.keySet();
            }
            String least = candidates.stream()
                    .min(Comparator.comparingInt((String m) -> load.get(m)).thenComparing(Comparator.naturalOrder()))
                    .orElseThrow();
            give(result, load, least, slot, connectors.size());
        }
        result.values().forEach(list -> list.sort(Integer::compare));
        return result;
    }

    private static void give(Map<String, List<Integer>> result, Map<String, Integer> load, String member, int slot,
            int connectors) {
        result.get(member).add(slot);
        load.merge(member, connectors, Integer::sum);
    }

    /** What a member tells the leader: its declared connectors and the slots it ran before. */
    record MemberData(Set<String> declared, List<Integer> previousSlots) {
        static ByteBuffer encode(Set<String> declared, List<Integer> previousSlots) {
            String text = String.join(",", declared) + ";"
                    + String.join(",", previousSlots.stream().map(String::valueOf).toList());
            return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        }

        static MemberData decode(ByteBuffer data) {
            if (data == null || !data.hasRemaining()) {
                return new MemberData(Set.of(), List.of());
            }
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            String[] parts = new String(bytes, StandardCharsets.UTF_8).split(";", -1);
            Set<String> names = new TreeSet<>();
            Arrays.stream(parts[0].split(",")).filter(s -> !s.isEmpty()).forEach(names::add);
            List<Integer> slots = parts.length < 2 ? List.of()
                    : Arrays.stream(parts[1].split(",")).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
            return new MemberData(names, slots);
        }
    }
}
