package io.datarun.gateway.forms;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.FieldDescriptor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import org.apache.avro.LogicalTypes;

/** Exact amounts on forms: the scale of a dataset's {@code decimal} field, and an older value put at it. */
final class Amounts {
    private Amounts() {
    }

    /** The number of decimals of an Avro {@code decimal} field (2 for yuan to the fen); empty for any other field. */
    static Optional<Integer> scale(FieldDescriptor field) {
        return field.valueSchema().getLogicalType() instanceof LogicalTypes.Decimal decimal
                ? Optional.of(decimal.getScale()) : Optional.empty();
    }

    /**
     * {@code value} (a fallback field's, e.g. an older record's {@code double}) at the scale of the
     * dataset's decimal field {@code exactField}, so the form shows and seals {@code 980.10} and not
     * {@code 980.1000000000000227}: the double is read by its shortest decimal form, then rounded half
     * to even to the scale, as the v1 schemas tell their readers to. Any other value is returned as it is.
     */
    static Object atScaleOf(DatasetDescriptor dataset, String exactField, Object value) {
        Optional<Integer> scale = dataset.field(exactField).flatMap(Amounts::scale);
        if (scale.isEmpty() || !(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
            return value;
        }
        BigDecimal decimal = number instanceof Double || number instanceof Float
                ? BigDecimal.valueOf(number.doubleValue()) : new BigDecimal(number.toString());
        return decimal.setScale(scale.get(), RoundingMode.HALF_EVEN);
    }
}
