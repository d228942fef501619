package io.datarun.schemas.options;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A key of an options file (a connector declaration, a form definition, the grants file), declared
 * once on the record component that holds its value: {@link OptionBinder} allows exactly the
 * annotated keys (anything else is refused, naming the file, the line and the allowed keys),
 * applies the default, and the docs' option tables are checked against these annotations (the
 * test kit's {@code OptionTables}). Checks that involve more than one value live in the record's
 * constructor, which throws {@link InvalidOption}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Option {
    /** The YAML key; the component's name when empty (a key that is a Java keyword, {@code class}, needs it). */
    String key() default "";

    /** What the option means, for the docs' table (Markdown; no '|'). */
    String description();

    /** The value when the key is not given, written as in YAML and read like a given one; none when empty. */
    String defaultValue() default "";

    /** A runtime configuration key whose value is the default, such as {@code datarun.connectors.batch-size}. */
    String defaultFrom() default "";

    /** Must be given although its type has an empty value (a mapping); other types are required when they have no default. */
    boolean required() default false;

    /** An empty value (often an unset {@code ${VAR:}}) counts as not given, instead of being an error. */
    boolean emptyIsAbsent() default false;

    /**
     * Absent, the component is null: for a record that is also an API body, where JSON says "absent"
     * with null ({@code GrantRequest}); elsewhere prefer an {@code Optional} component.
     */
    boolean nullWhenAbsent() default false;

    /** For a mapping whose keys are free (field names, header names): how the docs name such a key. */
    String entries() default "<key>";

    /** A record component whose options are keys of the enclosing mapping itself, not of a nested one. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface Inline {
    }

    /**
     * An interface-typed option whose mapping picks one of these records by its {@code kind} key
     * (each record names its kind with {@link Kind}).
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface OneOf {
        Class<? extends Record>[] value();
    }

    /** The {@code kind} value that selects this record in a {@link OneOf} option. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Kind {
        String value();
    }

    /** A record that may also be written as a single value, which then is this component's. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Shorthand {
        String value();
    }
}
