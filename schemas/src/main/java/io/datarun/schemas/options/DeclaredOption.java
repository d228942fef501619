package io.datarun.schemas.options;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One component of an options record as the binder and the docs see it: an {@link Option} key,
 * or an {@link Option.Inline} group of keys. The one place that interprets the annotations.
 */
public record DeclaredOption(RecordComponent component, Option option) {

    /** The components of a declaration record, in declaration order; each must be an option or inline. */
    public static List<DeclaredOption> of(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        return Arrays.stream(type.getRecordComponents()).map(component -> {
            Option option = component.getAnnotation(Option.class);
            if (option == null && !component.isAnnotationPresent(Option.Inline.class)) {
                throw new IllegalStateException(type.getName() + "." + component.getName() + " is neither @Option nor @Inline");
            }
            return new DeclaredOption(component, option);
        }).toList();
    }

    /** Every key a mapping bound to {@code type} may hold: its options' and its inline records' keys. */
    public static List<String> keys(Class<?> type) {
        List<String> keys = new ArrayList<>();
        for (DeclaredOption declared : of(type)) {
            if (declared.inline()) {
                keys.addAll(keys(declared.component().getType()));
            } else {
                keys.add(declared.key());
            }
        }
        return keys;
    }

    public boolean inline() {
        return option == null;
    }

    /** The YAML key. */
    public String key() {
        return option.key().isEmpty() ? component.getName() : option.key();
    }

    /** The records an interface-typed option may be, or null. */
    public Option.OneOf oneOf() {
        return component.getAnnotation(Option.OneOf.class);
    }

    /** The value's type, without an {@link Optional} around it. */
    public Type valueType() {
        Type type = component.getGenericType();
        return isOptional() ? typeArgument(type, 0) : type;
    }

    public boolean isOptional() {
        return component.getType() == Optional.class;
    }

    /** A key that must be given: marked so, or with no default, not optional and not a mapping (an absent one is empty). */
    public boolean required() {
        return option.required() || !isOptional() && component.getType() != Map.class && component.getType() != List.class
                && option.defaultValue().isEmpty()
                && option.defaultFrom().isEmpty() && !option.emptyIsAbsent() && !option.nullWhenAbsent();
    }

    public static Type typeArgument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }

    public static Class<?> raw(Type type) {
        return type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType() : (Class<?>) type;
    }
}
