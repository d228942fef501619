package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import java.util.function.Supplier;

/** What the runtime, its routes and its health check need of a connector of any source kind. */
public interface RunningConnector {
    String name();

    String dataset();

    ConnectorDeclaration declaration();

    ConnectorState state();

    String lastError();

    String positionText();

    long rowsSeen();

    long accepted();

    long deadLettered();

    /** Rate, remaining rows, ETA and lag, as last measured. */
    BackfillProgress progress();

    default String routeId() {
        return "connector-" + name();
    }

    void requestStop();

    void stopped();

    void starting();

    /** Another runtime of the group runs this connector now (after {@link #stopped()}). */
    void standby();

    /** How often this connector (this version of its declaration) was started on this runtime. */
    int starts();

    /** Puts the connector's meters in the registry, once it is in service. */
    void registerMetrics(Supplier<Boolean> owned);

    /** Takes its meters out again: the declaration was removed or replaced (the connector is stopped). */
    void retire();
}
