package io.datarun.connectors.spi;

/**
 * One broken rule of a refused row: the schema field, the rule's stable code (such as
 * {@code resident-id.checksum}) and a message for people.
 */
public record RowViolation(String field, String code, String message) {
}
