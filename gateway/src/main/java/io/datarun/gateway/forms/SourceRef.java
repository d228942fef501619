package io.datarun.gateway.forms;

import io.datarun.schemas.options.Option;

/**
 * One place a form field's value can come from, or is written back to: a field of a dataset. As a
 * form's {@code manual} key it is written {@code {dataset: ..., field: ...}}.
 */
public record SourceRef(
        @Option(description = "the dataset (of the clerk's department)") String dataset,
        @Option(description = "the field of that dataset") String field) {

    /** Parses {@code <dataset>.<field>}: the dataset id holds dots itself, the field is after the last one. */
    public static SourceRef parse(String text, String where) {
        int dot = text == null ? -1 : text.lastIndexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new IllegalStateException(where + ": expected '<dataset>.<field>', got '" + text + "'");
        }
        return new SourceRef(text.substring(0, dot), text.substring(dot + 1));
    }

    @Override
    public String toString() {
        return dataset + "." + field;
    }
}
