package io.datarun.gateway.forms;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The form-burden ledger per form, with a row per clerk. */
public record FormBurdenReport(Instant generatedAt, List<Form> forms) {

    /** One form's totals over all clerks, and each clerk's; the title by language tag, empty for a retired form. */
    public record Form(String form, Map<String, String> title, long submissions, long fields, long prefilled, long typed, double prefilledShare,
            long keystrokesSaved, List<Clerk> clerks) {
    }

    /** One clerk's totals on one form. */
    public record Clerk(String department, String clerk, long submissions, long fields, long prefilled, long typed,
            double prefilledShare, long keystrokesSaved, Instant lastSubmittedAt) {
    }

    public static FormBurdenReport of(List<FormBurden> totals, Function<String, Map<String, String>> titles, Instant now) {
        Map<String, List<FormBurden>> byForm = totals.stream()
                .collect(Collectors.groupingBy(FormBurden::form, TreeMap::new, Collectors.toList()));
        List<Form> forms = byForm.entrySet().stream().map(entry -> {
            List<FormBurden> rows = entry.getValue();
            long fields = rows.stream().mapToLong(FormBurden::fields).sum();
            long prefilled = rows.stream().mapToLong(FormBurden::prefilled).sum();
            return new Form(entry.getKey(), titles.apply(entry.getKey()), rows.stream().mapToLong(FormBurden::submissions).sum(), fields, prefilled,
                    rows.stream().mapToLong(FormBurden::typed).sum(), share(prefilled, fields),
                    rows.stream().mapToLong(FormBurden::keystrokesSaved).sum(),
                    rows.stream().sorted(Comparator.comparing(FormBurden::department).thenComparing(FormBurden::clerk))
                            .map(b -> new Clerk(b.department(), b.clerk(), b.submissions(), b.fields(), b.prefilled(),
                                    b.typed(), share(b.prefilled(), b.fields()), b.keystrokesSaved(), b.lastSubmittedAt()))
                            .toList());
        }).toList();
        return new FormBurdenReport(now, forms);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 1000.0;
    }
}
