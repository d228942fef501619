package io.datarun.gateway.directory;

import io.datarun.gateway.access.Department;
import io.datarun.gateway.access.Purpose;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.validation.DivisionCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The names people read in place of codes: departments and purposes (from the grants file), dataset
 * titles and field labels (from the schemas), GB/T 2260 division names. A code without a name is
 * answered as an empty map; a page then shows the code.
 */
public final class Directory {
    private static final Locale ZH = Locale.forLanguageTag("zh-CN");

    private final Map<String, Department> departments;
    private final Map<String, Purpose> purposes;
    private final SchemaRegistry registry;

    public Directory(Map<String, Department> departments, Map<String, Purpose> purposes, SchemaRegistry registry) {
        this.departments = Map.copyOf(departments);
        this.purposes = Map.copyOf(purposes);
        this.registry = registry;
    }

    public Map<String, String> departmentName(String code) {
        return Optional.ofNullable(code).map(departments::get).map(Department::name).orElse(Map.of());
    }

    public Map<String, String> purposeTitle(String code) {
        return Optional.ofNullable(code).map(purposes::get).map(Purpose::title).orElse(Map.of());
    }

    public Map<String, String> datasetTitle(String dataset) {
        return descriptor(dataset).map(DatasetDescriptor::title).orElse(Map.of());
    }

    /** The labels of a dataset's field, or an empty map. */
    public Map<String, String> fieldLabel(String dataset, String field) {
        return descriptor(dataset).flatMap(d -> d.field(field)).map(f -> f.labels() == null ? Map.<String, String>of() : f.labels())
                .orElse(Map.of());
    }

    /** Everything a page needs to show names instead of codes. */
    public DirectoryView view() {
        List<DirectoryView.Named> divisions = DivisionCode.named().stream()
                .map(code -> new DirectoryView.Named(code, divisionName(code))).toList();
        return new DirectoryView(
                departments.values().stream().map(d -> new DirectoryView.Named(d.code(), d.name()))
                        .sorted(java.util.Comparator.comparing(DirectoryView.Named::code)).toList(),
                purposes.values().stream().map(p -> new DirectoryView.Named(p.code(), p.title()))
                        .sorted(java.util.Comparator.comparing(DirectoryView.Named::code)).toList(),
                divisions);
    }

    static Map<String, String> divisionName(String code) {
        Map<String, String> names = new LinkedHashMap<>();
        DivisionCode.name(code, ZH).ifPresent(n -> names.put("zh-CN", n));
        DivisionCode.name(code, Locale.ENGLISH).ifPresent(n -> names.put("en", n));
        return names;
    }

    private Optional<DatasetDescriptor> descriptor(String dataset) {
        return dataset == null ? Optional.empty() : registry.latest(dataset);
    }
}
