package io.datarun.connectors.runtime.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.connectors.runtime.group.ConnectorAssignor.MemberData;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The leader's rule: every connector on exactly one runtime, balanced, sticky, and on a runtime that declares it. */
class ConnectorAssignorTest {
    private static final int SLOTS = 64;
    private static final Set<String> EIGHT = IntStream.rangeClosed(1, 8).mapToObj(i -> "dept-" + i)
            .collect(Collectors.toCollection(TreeSet::new));

    @Test
    void whenOneRuntimeIsAloneThenItRunsEveryConnector() {
        Map<String, List<Integer>> slots = ConnectorAssignor.assignSlots(
                Map.of("a", new MemberData(EIGHT, List.of())), SLOTS);
        assertThat(connectors(slots.get("a"))).isEqualTo(EIGHT);
    }

    @Test
    void whenTwoRuntimesDeclareTheSameConnectorsThenEachRunsHalfAndNoneRunsTwice() {
        Map<String, List<Integer>> slots = ConnectorAssignor.assignSlots(new TreeMap<>(Map.of(
                "a", new MemberData(EIGHT, List.of()), "b", new MemberData(EIGHT, List.of()))), SLOTS);
        Set<String> a = connectors(slots.get("a"));
        Set<String> b = connectors(slots.get("b"));
        assertThat(a).doesNotContainAnyElementsOf(b);
        Set<String> union = new TreeSet<>(a);
        union.addAll(b);
        assertThat(union).isEqualTo(EIGHT);
        assertThat(a.size()).isBetween(3, 5); // slots shared by two connectors may tip it by one
    }

    @Test
    void whenASecondRuntimeJoinsThenTheFirstKeepsWhatItCanAndGivesUpOnlyTheExcess() {
        List<Integer> before = ConnectorAssignor.assignSlots(Map.of("a", new MemberData(EIGHT, List.of())), SLOTS).get("a");
        Map<String, List<Integer>> after = ConnectorAssignor.assignSlots(new TreeMap<>(Map.of(
                "a", new MemberData(EIGHT, before), "b", new MemberData(EIGHT, List.of()))), SLOTS);
        assertThat(before).containsAll(after.get("a"));
        assertThat(after.get("b")).isNotEmpty().doesNotContainAnyElementsOf(after.get("a"));
    }

    @Test
    void whenOnlyOneRuntimeDeclaresAConnectorThenThatRuntimeRunsIt() {
        Set<String> plusNew = new TreeSet<>(EIGHT);
        plusNew.add("dept-new");
        Map<String, List<Integer>> slots = ConnectorAssignor.assignSlots(new TreeMap<>(Map.of(
                "a", new MemberData(EIGHT, List.of()), "b", new MemberData(plusNew, List.of()))), SLOTS);
        assertThat(slots.get("b")).contains(ConnectorSlots.slot("dept-new", SLOTS));
    }

    @Test
    void whenADeclarationIsAddedThenNoOtherConnectorChangesSlot() {
        Map<String, Integer> before = new TreeMap<>();
        EIGHT.forEach(c -> before.put(c, ConnectorSlots.slot(c, SLOTS)));
        Set<String> more = new TreeSet<>(EIGHT);
        more.add("dept-9");
        Map<Integer, TreeSet<String>> bySlot = ConnectorSlots.bySlot(more, SLOTS);
        before.forEach((connector, slot) -> assertThat(bySlot.get(slot)).contains(connector));
    }

    @Test
    void whenASlotMovesThenItGoesToNoOneUntilItsRuntimeGaveItUpAndOnlyThenToTheNewOne() {
        List<Integer> aloneA = ConnectorAssignor.assignSlots(Map.of("a", new MemberData(EIGHT, List.of())), SLOTS).get("a");
        Map<String, MemberData> bJoins = new TreeMap<>(Map.of(
                "a", new MemberData(EIGHT, aloneA), "b", new MemberData(EIGHT, List.of())));
        // round 1: a still holds every slot, so what is meant for b is withheld from both
        Map<String, List<Integer>> first = ConnectorAssignor.assignSlots(bJoins,
                Map.of("a", aloneA, "b", List.of()), SLOTS);
        Map<String, List<Integer>> wanted = ConnectorAssignor.assignSlots(bJoins, SLOTS);
        assertThat(first.get("b")).isEmpty();
        assertThat(first.get("a")).isEqualTo(wanted.get("a"));
        // round 2: a gave the rest up; b gets it
        Map<String, List<Integer>> second = ConnectorAssignor.assignSlots(new TreeMap<>(Map.of(
                "a", new MemberData(EIGHT, first.get("a")), "b", new MemberData(EIGHT, List.of()))),
                Map.of("a", first.get("a"), "b", List.of()), SLOTS);
        assertThat(second.get("a")).isEqualTo(first.get("a"));
        assertThat(second.get("b")).isEqualTo(wanted.get("b")).isNotEmpty();
    }

    @Test
    void whenTheDeclaredConnectorsChangeThenTheSlotsThatStayKeepTheirRuntime() {
        Map<String, List<Integer>> before = ConnectorAssignor.assignSlots(new TreeMap<>(Map.of(
                "a", new MemberData(EIGHT, List.of()), "b", new MemberData(EIGHT, List.of()))), SLOTS);
        Set<String> more = new TreeSet<>(EIGHT);
        more.add("dept-9");
        Map<String, List<Integer>> after = ConnectorAssignor.assignSlots(new TreeMap<>(Map.of(
                "a", new MemberData(more, before.get("a")), "b", new MemberData(more, before.get("b")))),
                before, SLOTS);
        assertThat(after.get("a")).containsAll(before.get("a"));
        assertThat(after.get("b")).containsAll(before.get("b"));
        int newSlot = ConnectorSlots.slot("dept-9", SLOTS);
        assertThat(after.get("a").contains(newSlot) || after.get("b").contains(newSlot)).isTrue();
    }

    @Test
    void theAssignorSaysItIsCooperativeAndReadsTheDeclaredNamesAtEveryJoin() {
        ConnectorAssignor assignor = new ConnectorAssignor();
        Set<String> names = new TreeSet<>(Set.of("a"));
        assignor.configure(Map.of(ConnectorAssignor.DECLARED_CONFIG, (java.util.function.Supplier<Set<String>>) () -> names));
        assertThat(assignor.supportedProtocols())
                .containsExactly(org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.RebalanceProtocol.COOPERATIVE);
        assertThat(MemberData.decode(assignor.subscriptionUserData(Set.of())).declared()).containsExactly("a");
        names.add("b");
        assertThat(MemberData.decode(assignor.subscriptionUserData(Set.of())).declared()).containsExactly("a", "b");
    }

    @Test
    void memberDataSurvivesTheWire() {
        ByteBuffer wire = MemberData.encode(EIGHT, List.of(3, 17));
        assertThat(MemberData.decode(wire)).isEqualTo(new MemberData(EIGHT, List.of(3, 17)));
        assertThat(MemberData.decode(null)).isEqualTo(new MemberData(Set.of(), List.of()));
    }

    private static Set<String> connectors(List<Integer> slots) {
        Set<Integer> owned = new HashSet<>(slots);
        return EIGHT.stream().filter(c -> owned.contains(ConnectorSlots.slot(c, SLOTS)))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
