package io.datarun.gateway.grants;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datarun.gateway.access.Department;
import io.datarun.gateway.access.Grant;
import io.datarun.gateway.access.Purpose;
import io.datarun.gateway.failure.FieldError;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.options.OptionsFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The department directory, registered purposes and grants, read from a YAML file bound strictly
 * to {@link GrantsFile}. Every grant passes the grants API's {@link GrantValidator} at load: an
 * unknown key, dataset, field or purpose, a consumer missing from the directory, a malformed
 * division or expiry stops the gateway naming the file, the key and its line.
 */
public final class GrantBook {
    private static final Logger LOG = Logger.getLogger(GrantBook.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Department> departments;
    private final Map<String, Purpose> purposes;
    private final List<Grant> grants;

    public GrantBook(Map<String, Department> departments, Map<String, Purpose> purposes, List<Grant> grants) {
        this.departments = Map.copyOf(departments);
        this.purposes = Map.copyOf(purposes);
        this.grants = List.copyOf(grants);
    }

    /** A book without a directory (tests of the access rules only). */
    public GrantBook(Map<String, Purpose> purposes, List<Grant> grants) {
        this(Map.of(), purposes, grants);
    }

    public static GrantBook load(Path file, SchemaRegistry registry) {
        OptionsFile<GrantsFile> read;
        try {
            read = OptionsFile.read(file, GrantsFile.class);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot read grants file " + file.toAbsolutePath()
                    + " (set datarun.gateway.grants-file): " + e.getCause().getMessage(), e);
        }
        GrantsFile declared = read.value();
        Map<String, Department> departments = new LinkedHashMap<>();
        declared.departments().forEach(d -> departments.put(d.code(), d));
        Map<String, Purpose> purposes = new LinkedHashMap<>();
        declared.purposes().forEach(p -> purposes.put(p.code(), p));
        GrantValidator validator = new GrantValidator(registry, purposes.keySet(), departments.keySet());
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < declared.grants().size(); i++) {
            grants.add(checked(declared.grants().get(i), "grants[" + i + "]", validator, read, file));
        }
        return new GrantBook(departments, purposes, grants);
    }

    /**
     * The grant, if the grants API would accept it (an expiry already past aside: the grant then just
     * grants nothing, and a deployment must not stop starting the day a grant in its file ends).
     */
    private static Grant checked(GrantRequest request, String where, GrantValidator validator,
            OptionsFile<GrantsFile> read, Path file) {
        GrantValidator.Result result = validator.validateStored(JSON.valueToTree(request));
        if (!result.valid()) {
            FieldError first = result.errors().get(0);
            throw read.fail(first.field().isEmpty() ? where : where + "." + first.field(), "the grants API would refuse "
                    + "this grant: " + result.errors().stream().map(e -> (e.field().isEmpty() ? "" : e.field() + ": ")
                            + e.message() + " (" + e.code() + ")").collect(Collectors.joining("; ")));
        }
        if (!result.grant().expires().map(end -> !LocalDate.now().isAfter(end)).orElse(true)) {
            LOG.warnf("%s: %s: the grant expired on %s and grants nothing; remove it", file, where,
                    result.grant().expires().get());
        }
        return result.grant();
    }

    /** The department directory, by code. */
    public Map<String, Department> departments() {
        return departments;
    }

    public Map<String, Purpose> purposes() {
        return purposes;
    }

    public List<Grant> grants() {
        return grants;
    }

    public boolean isRegistered(String purpose) {
        return purposes.containsKey(purpose);
    }
}
