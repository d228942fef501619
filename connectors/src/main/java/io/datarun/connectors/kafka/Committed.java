package io.datarun.connectors.kafka;

/** What any connector has committed, as logs, health and status show it, whatever its position type. */
public interface Committed {
    String positionText();

    long rowsSeen();

    long accepted();

    long deadLettered();
}
