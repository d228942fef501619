package io.datarun.testkit;

import io.datarun.schemas.options.DeclaredOption;
import io.datarun.schemas.options.Option;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The docs' option tables, rendered from the {@link Option} annotations: one row per key (nested
 * keys dotted and list items as {@code []}, as error messages name them), its default and its
 * description.
 */
public final class OptionTables {
    private OptionTables() {
    }

    /** The table of a record's own keys; a kind's table starts with its {@code kind} row. */
    public static String table(Class<?> type) {
        List<String> rows = new ArrayList<>();
        rows.add("| key | default | what |");
        rows.add("|---|---|---|");
        Option.Kind kind = type.getAnnotation(Option.Kind.class);
        if (kind != null) {
            rows.add("| `kind` | required | `" + kind.value() + "` |");
        }
        rows(type, "", rows);
        return String.join("\n", rows) + "\n";
    }

    private static void rows(Class<?> type, String prefix, List<String> rows) {
        for (DeclaredOption declared : DeclaredOption.of(type)) {
            if (declared.inline()) {
                continue; // the keys every kind takes have their own table
            }
            String key = prefix + declared.key();
            rows.add("| `" + key + "` | " + defaultText(declared) + " | " + declared.option().description() + " |");
            Type valueType = declared.valueType();
            Class<?> raw = DeclaredOption.raw(valueType);
            if (raw.isRecord()) {
                rows(raw, key + ".", rows);
            } else if (raw == Map.class) {
                Class<?> values = DeclaredOption.raw(DeclaredOption.typeArgument(valueType, 1));
                if (values.isRecord()) {
                    rows(values, key + "." + declared.option().entries() + ".", rows);
                }
            } else if (raw == List.class) {
                Class<?> items = DeclaredOption.raw(DeclaredOption.typeArgument(valueType, 0));
                if (items.isRecord()) {
                    rows(items, key + "[].", rows);
                }
            }
        }
    }

    private static String defaultText(DeclaredOption declared) {
        Option option = declared.option();
        if (!option.defaultValue().isEmpty()) {
            return "`" + option.defaultValue() + "`";
        }
        if (!option.defaultFrom().isEmpty()) {
            return "`" + option.defaultFrom() + "`";
        }
        return declared.required() ? "required" : "—";
    }
}
