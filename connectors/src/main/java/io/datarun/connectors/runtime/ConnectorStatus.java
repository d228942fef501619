package io.datarun.connectors.runtime;

/**
 * One connector as {@code GET /connectors} shows it. {@code owner} is the runtime id that runs it
 * (null during a rebalance); the numbers are this runtime's view, so for a connector another
 * runtime owns ask that runtime. Null where unknown: {@code remaining}, {@code etaSeconds} and
 * {@code lagSeconds} for sources that cannot count what is left, all three before the first poll.
 */
public record ConnectorStatus(String name, String dataset, String kind, ConnectorState state, String owner,
        String position, long rowsSeen, long accepted, long deadLettered, Double rowsPerSecond, Long remaining,
        Double etaSeconds, Double lagSeconds, String lastError) {

    static ConnectorStatus of(RunningConnector connector, String owner) {
        BackfillProgress progress = connector.progress();
        return new ConnectorStatus(connector.name(), connector.dataset(), connector.declaration().source().kind(),
                connector.state(), owner, connector.positionText(), connector.rowsSeen(), connector.accepted(),
                connector.deadLettered(),
                progress.rate().isPresent() ? progress.rate().getAsDouble() : null,
                progress.remaining().isPresent() ? progress.remaining().getAsLong() : null,
                progress.etaSeconds().isPresent() ? progress.etaSeconds().getAsDouble() : null,
                progress.lag().map(d -> d.toMillis() / 1000.0).orElse(null),
                connector.lastError().isEmpty() ? null : connector.lastError());
    }
}
