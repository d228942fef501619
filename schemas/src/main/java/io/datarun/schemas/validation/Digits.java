package io.datarun.schemas.validation;

/**
 * Digit checks shared by the identifier rules. A loop over the characters rather than
 * {@code chars().allMatch}: every record at the door passes one or more of these.
 */
final class Digits {
    private Digits() {
    }

    /** Whether the characters {@code from} (inclusive) to {@code to} (exclusive) are all ASCII digits. */
    static boolean only(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The decimal number of characters {@code from} to {@code to}, which the caller checked are digits. */
    static int number(String value, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (value.charAt(i) - '0');
        }
        return n;
    }
}
