package io.datarun.gateway.grants;

import com.fasterxml.jackson.databind.JsonNode;
import io.datarun.gateway.access.Grant;
import io.datarun.gateway.failure.FieldError;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.options.DeclaredOption;
import io.datarun.schemas.validation.DivisionCode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a grant a steward sends: every failing field is named at once (not only the first), with
 * a stable code. The dataset must exist, every field be one of its fields, every purpose be
 * registered, divisions be GB/T 2260 codes and the expiry a date not in the past.
 */
public final class GrantValidator {
    /** A grant's keys, as {@link GrantRequest} declares them. */
    static final List<String> KEYS = DeclaredOption.keys(GrantRequest.class);
    private static final Pattern DEPARTMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final SchemaRegistry registry;
    private final Set<String> purposes;
    private final Set<String> departments;

    /** {@code departments}: the directory's codes; empty: any well-formed code (tests of the other rules). */
    public GrantValidator(SchemaRegistry registry, Set<String> purposes, Set<String> departments) {
        this.registry = registry;
        this.purposes = Set.copyOf(purposes);
        this.departments = Set.copyOf(departments);
    }

    public GrantValidator(SchemaRegistry registry, Set<String> purposes) {
        this(registry, purposes, Set.of());
    }

    /** The grant, or the reasons it is not one. */
    public Result validate(JsonNode body, LocalDate today) {
        return validate(body, Optional.of(today));
    }

    /**
     * A grant stored earlier (the grants file, the grants topic), checked as a new one but for its
     * expiry being past: that grant was valid when written and has simply ended since, which
     * {@link ManagedGrant#current} already takes into account.
     */
    public Result validateStored(JsonNode body) {
        return validate(body, Optional.empty());
    }

    private Result validate(JsonNode body, Optional<LocalDate> today) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return new Result(null, List.of(new FieldError("", "body.object", "expected a JSON object")));
        }
        body.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                errors.add(new FieldError(key, "unknown-property", "is not a grant property; expected some of " + KEYS));
            }
        });
        String dataset = text(body, "dataset", errors);
        Optional<DatasetDescriptor> descriptor = Optional.empty();
        if (dataset != null) {
            descriptor = registry.latest(dataset);
            if (descriptor.isEmpty()) {
                errors.add(new FieldError("dataset", "dataset.unknown", "no dataset '" + dataset + "'"));
            }
        }
        String consumer = text(body, "consumer", errors);
        if (consumer != null && !DEPARTMENT.matcher(consumer).matches()) {
            errors.add(new FieldError("consumer", "consumer.format", "expected a department code such as 'civil-affairs'"));
        } else if (consumer != null && !departments.isEmpty() && !departments.contains(consumer)) {
            errors.add(new FieldError("consumer", "consumer.unknown", "'" + consumer + "' is not in the department directory"));
        } else if (consumer != null && descriptor.isPresent() && descriptor.get().owner().equals(consumer)) {
            errors.add(new FieldError("consumer", "consumer.is-owner", "the owner department reads its datasets without a grant"));
        }
        List<String> fields = list(body, "fields", true, errors);
        if (descriptor.isPresent()) {
            int i = 0;
            for (String field : fields) {
                if (field != null && descriptor.get().field(field).isEmpty()) {
                    errors.add(new FieldError("fields[" + i + "]", "field.unknown", "'" + field + "' is not a field of "
                            + dataset + "; expected some of " + descriptor.get().fieldNames()));
                }
                i++;
            }
        }
        List<String> grantPurposes = list(body, "purposes", true, errors);
        int i = 0;
        for (String purpose : grantPurposes) {
            if (purpose != null && !purposes.contains(purpose)) {
                errors.add(new FieldError("purposes[" + i + "]", "purpose.unknown", "'" + purpose
                        + "' is not a registered purpose; expected some of " + new java.util.TreeSet<>(purposes)));
            }
            i++;
        }
        List<String> divisions = list(body, "divisions", false, errors);
        i = 0;
        for (String division : divisions) {
            int index = i++;
            if (division == null) {
                continue;
            }
            DivisionCode.problem(division).ifPresent(code -> errors.add(new FieldError("divisions[" + index + "]", code,
                    "expected a six-digit administrative division code (GB/T 2260)")));
        }
        Optional<LocalDate> expires = expires(body, today, errors);
        if (!errors.isEmpty()) {
            return new Result(null, List.copyOf(errors));
        }
        return new Result(new Grant(consumer, dataset, Set.copyOf(fields), Set.copyOf(grantPurposes), Set.copyOf(divisions),
                expires), List.of());
    }

    private static String text(JsonNode body, String key, List<FieldError> errors) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(key, "required", "is required"));
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            errors.add(new FieldError(key, "type.string", "expected non-blank text"));
            return null;
        }
        return value.asText();
    }

    /** The list's items in their order (indexes in errors refer to it); an item failing a check is left out. */
    private static List<String> list(JsonNode body, String key, boolean required, List<FieldError> errors) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(key, "required", "is required: a non-empty list"));
            }
            return List.of();
        }
        if (!value.isArray() || (required && value.isEmpty())) {
            errors.add(new FieldError(key, required ? "list.non-empty" : "type.list",
                    required ? "expected a non-empty list of text" : "expected a list of text"));
            return List.of();
        }
        List<String> result = new ArrayList<>();
        int i = 0;
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isBlank()) {
                errors.add(new FieldError(key + "[" + i + "]", "type.string", "expected non-blank text"));
                result.add(null); // keeps the indexes of later items right; never part of a valid grant
            } else if (result.contains(item.asText())) {
                errors.add(new FieldError(key + "[" + i + "]", "duplicate", "'" + item.asText() + "' is listed twice"));
                result.add(null);
            } else {
                result.add(item.asText());
            }
            i++;
        }
        return result;
    }

    private static Optional<LocalDate> expires(JsonNode body, Optional<LocalDate> today, List<FieldError> errors) {
        JsonNode value = body.get("expires");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        try {
            LocalDate date = LocalDate.parse(value.asText());
            if (!value.isTextual()) {
                throw new DateTimeParseException("not text", value.toString(), 0);
            }
            if (today.filter(date::isBefore).isPresent()) {
                errors.add(new FieldError("expires", "expires.past", "'" + date + "' is in the past; today is " + today.get()));
            }
            return Optional.of(date);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("expires", "expires.format", "expected a date yyyy-MM-dd"));
            return Optional.empty();
        }
    }

    /** Either {@code grant} or {@code errors} (non-empty). */
    public record Result(Grant grant, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }
}
