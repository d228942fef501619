package io.datarun.schemas.options;

/**
 * Thrown by an options record's constructor when its values do not go together; the binder turns
 * it into an {@link OptionsFileException} with the file, key path and line.
 */
public final class InvalidOption extends IllegalArgumentException {
    private final String key;

    /**
     * @param key      the offending key relative to the record ({@code table}, {@code headers.X-Id}),
     *                 or empty when the record as a whole is wrong
     * @param expected what was expected there, as in {@code expected exactly one of 'table' or 'query'}
     */
    public InvalidOption(String key, String expected) {
        super(expected);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
