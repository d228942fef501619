package io.datarun.gateway.forms;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.datarun.schemas.options.Option;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One field of a form: labels, a type, constraints, and where its value comes from ({@code sources},
 * in order of precedence) and/or where a typed value is written back ({@code manual}). A field that
 * is written back is also read back from there, after its declared sources: what a clerk typed once
 * is found the next time. {@code optionLabels} names each code of an enum field for people (from
 * the source datasets' schemas: MARRIED → 已婚 / Married), so no client keeps its own code table.
 * {@code whenAbsent} names what "no record" means for this field (未在保 / Not on the allowance roll):
 * when the grant reaches the subject and no source holds a record of it, the field says so instead of
 * asking the clerk to type it. {@code scale} is set when the field reads an exact amount (an Avro
 * {@code decimal}, e.g. yuan to the fen: 2): the value has that many decimals, is shown with them
 * (980.10), and a typed value with more is refused.
 *
 * <p>Several fields of one dataset in {@code sources} are one datum spelled several ways (the exact
 * {@code monthlyPension} beside the older {@code monthlyPensionYuan} double): a record answers with
 * the first of them it holds, so the later ones are fallbacks for older records, never a conflict
 * with the same record. The write-back writes every one of them of its target dataset
 * ({@link #writeTo()}), so no spelling keeps a stale value.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FormField(
        String name,
        Map<String, String> label,
        String type,
        Constraints constraints,
        List<SourceRef> sources,
        Optional<SourceRef> manual,
        Map<String, Map<String, String>> optionLabels,
        Map<String, String> whenAbsent,
        Integer scale) {

    /** A field that reads no exact amount. */
    public FormField(String name, Map<String, String> label, String type, Constraints constraints, List<SourceRef> sources,
            Optional<SourceRef> manual, Map<String, Map<String, String>> optionLabels, Map<String, String> whenAbsent) {
        this(name, label, type, constraints, sources, manual, optionLabels, whenAbsent, null);
    }

    /** A field without a meaning for "no record". */
    public FormField(String name, Map<String, String> label, String type, Constraints constraints, List<SourceRef> sources,
            Optional<SourceRef> manual, Map<String, Map<String, String>> optionLabels) {
        this(name, label, type, constraints, sources, manual, optionLabels, Map.of());
    }

    /** A field whose values need no labels (anything but an enum of the catalog). */
    public FormField(String name, Map<String, String> label, String type, Constraints constraints, List<SourceRef> sources,
            Optional<SourceRef> manual) {
        this(name, label, type, constraints, sources, manual, Map.of());
    }

    /** The same field reading an exact amount of {@code scale} decimals (null: none). */
    public FormField withScale(Integer scale) {
        return new FormField(name, label, type, constraints, sources, manual, optionLabels, whenAbsent, scale);
    }

    /** Declared sources, then the write-back target when it is not among them. */
    public List<SourceRef> readFrom() {
        List<SourceRef> result = new ArrayList<>(sources);
        manual.filter(target -> !result.contains(target)).ifPresent(result::add);
        return result;
    }

    /**
     * Where a typed value is published: the write-back target, then every other field of the target's
     * dataset that the field reads (another spelling of the same datum), so that none of them is left
     * holding an older value. Empty without a write-back.
     */
    public List<SourceRef> writeTo() {
        List<SourceRef> result = new ArrayList<>();
        manual.ifPresent(target -> {
            result.add(target);
            sources.stream().filter(s -> s.dataset().equals(target.dataset()) && !s.equals(target)).forEach(result::add);
        });
        return result;
    }

    /** Constraints a typed value is checked against before it is published. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Constraints(
            @Option(description = "a value must be typed or prefilled", defaultValue = "false") boolean required,
            @Option(description = "the smallest number allowed") Optional<Double> min,
            @Option(description = "the largest number allowed") Optional<Double> max,
            @Option(description = "the most characters allowed") Optional<Integer> maxLength,
            @Option(description = "a Java regular expression the whole value must match") Optional<String> pattern,
            @Option(description = "the codes an `enum` field allows") List<String> options) {
        public static final Constraints NONE = new Constraints(false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of());
    }
}
