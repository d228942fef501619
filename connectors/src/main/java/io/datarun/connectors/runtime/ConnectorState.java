package io.datarun.connectors.runtime;

/**
 * What the health check and the status endpoint report of a connector. {@code STANDBY}: declared
 * here but run by another runtime of the group (or not assigned yet); {@code STOPPED}: stopped by an
 * operator or at shutdown.
 */
public enum ConnectorState { STANDBY, STARTING, RUNNING, FAILING, STOPPED }
