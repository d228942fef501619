package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.ConnectorDeclaration;

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
}
