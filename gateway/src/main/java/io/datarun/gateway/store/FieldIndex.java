package io.datarun.gateway.store;

/**
 * The layout of one field's index, a key-value store partitioned as the dataset's records (so it is
 * kept by the task that keeps the records, from the same changes, with no repartition topic):
 * <ul>
 * <li>{@code v<value>\0<subject>} → empty: the subject's record holds {@code value}; the subjects with a
 * value are one prefix scan;</li>
 * <li>{@code s<subject>} → {@code value}: what the subject is filed under, so that a change of the value
 * (or the record's deletion) removes the old entry — a table's downstream sees only new values;</li>
 * <li>{@value #BUILT} → {@link #VERSION}: this partition's index covers every record of its store (it was
 * built alongside them from the start, or {@link FieldIndexer rebuilt} from the store once).</li>
 * </ul>
 * A value holding {@code \0} is not indexed: it cannot be told apart from the separator.
 */
final class FieldIndex {
    static final String BUILT = "!built";
    static final String VERSION = "1";
    private static final char SEPARATOR = '\0';

    private FieldIndex() {
    }

    /** The prefix of every entry of subjects holding {@code value}. */
    static String valuePrefix(String value) {
        return "v" + value + SEPARATOR;
    }

    static String entry(String value, String subject) {
        return valuePrefix(value) + subject;
    }

    static String subjectOf(String entryKey, String value) {
        return entryKey.substring(valuePrefix(value).length());
    }

    static String filedUnder(String subject) {
        return "s" + subject;
    }

    /** Whether {@code value} can be indexed. */
    static boolean indexable(String value) {
        return value != null && value.indexOf(SEPARATOR) < 0;
    }
}
