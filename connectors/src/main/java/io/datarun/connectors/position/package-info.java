/**
 * Where a source row came from ({@link io.datarun.connectors.position.Position}), shown in its dead
 * letter and record header. A leaf package: the JDBC reader implements it and the Kafka publisher
 * writes it, so neither of those packages depends on the other through it.
 */
package io.datarun.connectors.position;
