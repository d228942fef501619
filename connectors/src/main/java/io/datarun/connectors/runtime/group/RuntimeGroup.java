package io.datarun.connectors.runtime.group;

import io.datarun.schemas.wire.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * This runtime's membership in the group of connector runtimes: a Kafka consumer (classic group
 * protocol, {@link ConnectorAssignor}) subscribed to the coordination topic {@value #TOPIC}, whose
 * partitions are slots for connectors ({@link ConnectorSlots}). Nothing is ever written to the
 * topic; the group membership is the point. Kafka's group coordinator decides who is alive
 * (heartbeats, session timeout) and runs a rebalance whenever a runtime joins, leaves or dies, or
 * the declared connectors change ({@link #redeclare}). Rebalancing is cooperative: a runtime stops
 * only the connectors of slots taken from it, and a slot reaches its new runtime one round after
 * its old one gave it up, so a connector is stopped on its old runtime before it is started on the
 * new one. A runtime that is merely stalled and missed that revocation is a zombie: its next
 * transaction fails because the new owner's {@code initTransactions()} fenced its transactional id.
 */
public final class RuntimeGroup implements AutoCloseable {
    public static final String TOPIC = Topics.CONNECTOR_RUNTIMES;
    private static final Logger LOG = Logger.getLogger(RuntimeGroup.class);
    private static final Duration REJOIN_PAUSE = Duration.ofSeconds(5);

    /** Called on the group thread, between polls. */
    public interface Listener {
        /** These connectors are now this runtime's: start them. */
        void assigned(Set<String> connectors);

        /** These connectors are no longer this runtime's: stop them before returning. */
        void revoked(Set<String> connectors);
    }

    private final GroupSettings settings;
    private volatile Set<String> declared;
    private volatile boolean redeclared;
    private final Listener listener;
    private final Admin admin;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean closing;
    private volatile int slots;
    private volatile Set<String> owned = Set.of();
    /** The slots this runtime holds; changed on the group thread only. */
    private final Set<Integer> ownedSlots = new TreeSet<>();
    private volatile boolean joined;

    public RuntimeGroup(GroupSettings settings, Set<String> declared, Listener listener) {
        this.settings = settings;
        this.declared = Set.copyOf(declared);
        this.listener = listener;
        this.admin = Admin.create(settings.kafka().with(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, settings.runtimeId() + "-admin")));
    }

    public String runtimeId() {
        return settings.runtimeId();
    }

    /** Whether this runtime has been given an assignment (possibly empty) since it started. */
    public boolean joined() {
        return joined;
    }

    /** The connectors this runtime runs now. */
    public Set<String> owned() {
        return owned;
    }

    /** The connectors this runtime declares now. */
    public Set<String> declared() {
        return declared;
    }

    /**
     * The declared connectors changed (a declaration was added or removed while the runtime runs).
     * On the group thread, within a poll: a new connector whose slot this runtime holds starts here at
     * once, a removed one is dropped from what it runs (the caller stopped it), and the group
     * rebalances so that a connector in a slot no runtime holds gets one and the load stays even.
     * Connectors whose slots stay where they are keep running.
     */
    public void redeclare(Set<String> names) {
        declared = Set.copyOf(names);
        redeclared = true;
    }

    /**
     * Joins the group on a thread of its own: creates the coordination topic if needed, then polls.
     * Kafka not reachable yet is retried there (logged once a minute), as a connector's poll would be.
     */
    public void start() {
        Thread running = new Thread(this::run, "datarun-runtime-group");
        running.setDaemon(true);
        thread = running;
        running.start();
    }

    /** Creates the topic and the consumer, retrying until Kafka answers; null when closing first. */
    private KafkaConsumer<byte[], byte[]> join() {
        long lastLogged = 0;
        while (!closing) {
            try {
                ensureTopic();
                KafkaConsumer<byte[], byte[]> created = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
                try {
                    slots = slotCount(created);
                } catch (RuntimeException e) {
                    created.close(Duration.ZERO);
                    throw e;
                }
                consumer = created;
                LOG.infof("runtime=%s joining group %s (%d slots, session timeout %ds) with connectors %s", runtimeId(),
                        settings.groupId(), slots, settings.sessionTimeout().toSeconds(), new TreeSet<>(declared));
                return created;
            } catch (RuntimeException e) {
                if (System.nanoTime() - lastLogged > Duration.ofMinutes(1).toNanos()) {
                    lastLogged = System.nanoTime();
                    LOG.errorf("runtime=%s cannot join group %s yet, retrying (no connector runs until it has): %s",
                            runtimeId(), settings.groupId(), e.getMessage());
                }
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        return null;
    }

    /** The slot topic's partition count ({@link #ensureTopic} has waited until the broker lists them). */
    private static int slotCount(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException(TOPIC + " lists no partitions"); // joining is retried
        }
        return partitions.size();
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.runtimeId());
        if (settings.staticMember()) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.runtimeId());
        }
        // custom client-side assignors need the classic protocol (KIP-848 assigns on the broker)
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, ConnectorAssignor.class.getName());
        config.put(ConnectorAssignor.DECLARED_CONFIG, (Supplier<Set<String>>) () -> declared); // read at every join
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, settings.sessionTimeout().toMillis() / 5));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return settings.kafka().with(config);
    }

    /** Creates the slot topic if missing and waits until its partitions are usable. */
    private void ensureTopic() {
        settings.topics().ensure(admin, List.of(settings.topics().connectorRuntimesTopic(settings.slots())));
    }

    private void run() {
        while (!closing) {
            KafkaConsumer<byte[], byte[]> group = join();
            if (group == null) {
                return;
            }
            try {
                group.subscribe(List.of(TOPIC), new Rebalance());
                while (!closing) {
                    group.poll(Duration.ofSeconds(1)); // no records ever arrive; polling keeps the membership
                    if (redeclared) {
                        redeclared = false;
                        applyDeclared();
                        group.enforceRebalance("the declared connectors changed");
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                // e.g. FencedInstanceIdException: another runtime was started with the same runtime id. The
                // connectors stop (their transactions would be fenced anyway); the runtime joins again after
                // a pause rather than idling until someone restarts it.
                LOG.errorf("runtime=%s left the group after an error, stopping its connectors and joining again in "
                        + "%ds (is another runtime running with the same datarun.connectors.runtime-id?): %s",
                        runtimeId(), REJOIN_PAUSE.toSeconds(), e.toString());
                new Rebalance().onPartitionsLost(List.of());
            } finally {
                // a static member would otherwise stay in the group until its session times out (KIP-1092)
                group.close(CloseOptions.timeout(Duration.ofSeconds(5))
                        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            }
            if (!closing) {
                try {
                    Thread.sleep(REJOIN_PAUSE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Connectors this runtime declares whose slot is one of {@code slotNumbers}. */
    private Set<String> inSlots(Collection<Integer> slotNumbers) {
        Set<String> result = new TreeSet<>();
        for (String connector : declared) {
            if (slotNumbers.contains(ConnectorSlots.slot(connector, slots))) {
                result.add(connector);
            }
        }
        return result;
    }

    /** After {@link #redeclare}: start the new connectors of slots held here; forget the removed ones. */
    private void applyDeclared() {
        Set<String> now = inSlots(ownedSlots);
        Set<String> added = new TreeSet<>(now);
        added.removeAll(owned);
        owned = Set.copyOf(now);
        if (!added.isEmpty() && !closing) {
            LOG.infof("runtime=%s runs newly declared %s (their slots are held here)", runtimeId(), added);
            listener.assigned(added);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        /** Only the slots taken from this runtime (cooperative), or all of them when it leaves the group. */
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Set<Integer> revoked = new TreeSet<>();
            partitions.forEach(tp -> revoked.add(tp.partition()));
            release(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            release(new TreeSet<>(ownedSlots)); // another runtime may already own them: stop at once
        }

        /** Only the slots added to this runtime in this round (cooperative). */
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Set<Integer> added = new TreeSet<>();
            partitions.forEach(tp -> added.add(tp.partition()));
            ownedSlots.addAll(added);
            Set<String> started = inSlots(added);
            Set<String> mine = new TreeSet<>(owned);
            mine.addAll(started);
            Set<String> elsewhere = new TreeSet<>(declared);
            elsewhere.removeAll(mine);
            if (!started.isEmpty() || !joined) {
                LOG.infof("runtime=%s assignment: runs %s; on other runtimes: %s", runtimeId(), mine, elsewhere);
            }
            owned = Set.copyOf(mine);
            if (!closing && !started.isEmpty()) {
                listener.assigned(started);
            }
            joined = true;
        }

        private void release(Set<Integer> slotNumbers) {
            ownedSlots.removeAll(slotNumbers);
            Set<String> stopping = new TreeSet<>(owned);
            stopping.retainAll(inSlots(slotNumbers));
            if (stopping.isEmpty()) {
                return;
            }
            Set<String> rest = new TreeSet<>(owned);
            rest.removeAll(stopping);
            owned = Set.copyOf(rest);
            // also on close: the connectors stop before this runtime leaves the group, so the next owner
            // starts after them rather than fencing a batch in flight
            LOG.infof("runtime=%s %s: stopping %s", runtimeId(), closing ? "leaving the group" : "rebalance", stopping);
            try {
                listener.revoked(stopping);
            } catch (RuntimeException e) {
                LOG.errorf(e, "runtime=%s stopping %s failed; the next owner fences them", runtimeId(), stopping);
            }
        }
    }

    /**
     * Which runtime runs each connector this runtime declares, as the group coordinator sees it
     * now; a connector no member holds (a rebalance in progress) is missing.
     */
    public Map<String, String> owners(Duration timeout) {
        Map<String, String> owners = new TreeMap<>();
        if (slots == 0) {
            return owners; // not joined yet
        }
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(settings.groupId()))
                    .describedGroups().get(settings.groupId()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (MemberDescription member : group.members()) {
                Set<Integer> memberSlots = new TreeSet<>();
                member.assignment().topicPartitions().forEach(tp -> memberSlots.add(tp.partition()));
                for (String connector : declared) {
                    if (memberSlots.contains(ConnectorSlots.slot(connector, slots))) {
                        owners.put(connector, member.clientId());
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("runtime=%s cannot describe group %s: %s", runtimeId(), settings.groupId(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return owners;
    }

    /** Leaves the group (the other runtimes take the connectors over at once, without waiting for the session timeout). */
    @Override
    public void close() {
        closing = true;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread running = thread;
        if (running != null) {
            if (current == null) {
                running.interrupt(); // still waiting to join
            }
            try {
                running.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        admin.close(Duration.ofSeconds(2));
    }
}
