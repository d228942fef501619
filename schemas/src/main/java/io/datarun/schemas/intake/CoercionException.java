package io.datarun.schemas.intake;

/** A raw value that cannot become the field's type; {@code code} is a violation code. */
public final class CoercionException extends Exception {
    private final String code;

    public CoercionException(String code) {
        super(code, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
