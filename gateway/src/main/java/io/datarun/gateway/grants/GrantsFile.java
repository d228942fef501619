package io.datarun.gateway.grants;

import io.datarun.gateway.access.Department;
import io.datarun.gateway.access.Purpose;
import io.datarun.schemas.options.InvalidOption;
import io.datarun.schemas.options.Option;
import java.util.List;

/**
 * The grants file as written ({@code deploy/config/grants.yaml}): its keys declared once here and
 * in the records it lists, so {@link GrantBook} refuses any other key naming the file, the line and
 * the allowed keys, and {@code docs/security.md}'s tables are checked against them.
 */
public record GrantsFile(
        @Option(description = "the department directory (required, at least one): every code a grant, a dataset "
                + "or a token names, with its name") List<Department> departments,
        @Option(description = "the registered purposes") List<Purpose> purposes,
        @Option(description = "the baseline grants, read-only through the API; each checked as the grants API "
                + "checks a new grant") List<GrantRequest> grants) {

    public GrantsFile {
        if (departments.isEmpty()) {
            // without a directory a grant to a misspelt department would silently grant nobody
            throw new InvalidOption("departments", "the department directory is missing "
                    + "(a list of {code, name: {zh-CN, en}})");
        }
    }
}
