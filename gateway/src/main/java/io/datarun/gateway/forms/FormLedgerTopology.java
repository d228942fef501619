package io.datarun.gateway.forms;

import io.datarun.gateway.store.StoreNames;
import io.datarun.gateway.store.TopologyPart;
import io.datarun.gateway.usage.JsonSerde;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/** The form-burden ledger's part of the serving topology: submissions folded per form and clerk. */
@ApplicationScoped
public class FormLedgerTopology implements TopologyPart {
    private final TopicProvisioner provisioner;

    public FormLedgerTopology(TopicProvisioner provisioner) {
        this.provisioner = provisioner;
    }

    @Override
    public List<NewTopic> sourceTopics() {
        return List.of(provisioner.formLedgerTopic());
    }

    @Override
    public void addTo(StreamsBuilder builder) {
        builder.stream(Topics.FORM_LEDGER,
                        Consumed.with(Serdes.String(), JsonSerde.of(FormLedgerEvent.class)).withName("source-form-ledger"))
                .groupBy((form, event) -> event.key(),
                        Grouped.with("form-burden-by-clerk", Serdes.String(), JsonSerde.of(FormLedgerEvent.class)))
                .aggregate(() -> FormBurden.NONE, (key, event, burden) -> burden.plus(event),
                        Materialized.<String, FormBurden, KeyValueStore<Bytes, byte[]>>as(StoreNames.FORM_BURDEN)
                                .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(FormBurden.class)));
    }
}
