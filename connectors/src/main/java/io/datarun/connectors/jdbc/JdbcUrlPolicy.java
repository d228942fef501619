package io.datarun.connectors.jdbc;

import io.datarun.schemas.kafka.StartupSafety;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which JDBC URLs a runtime opens. A JDBC URL is code as much as an address: H2's {@code INIT=}
 * runs SQL (and through it Java) when the connection opens, other embedded drivers read local
 * files. In production only the schemes of departmental database servers are allowed
 * ({@code datarun.connectors.jdbc-url-schemes} to change the list); in the dev, demo and test
 * profiles any scheme is, but never an {@code INIT=} or {@code RUNSCRIPT}.
 */
public final class JdbcUrlPolicy {
    /** Database servers departments run; no embedded or file-based driver. */
    public static final List<String> PRODUCTION_SCHEMES =
            List.of("postgresql", "mariadb", "mysql", "oracle", "sqlserver", "db2", "dm", "kingbase8", "opengauss");
    private static final Pattern RUNS_CODE = Pattern.compile("(?i).*(;\\s*init\\s*=|runscript|\\btrace_level_file\\b).*");

    private final Optional<Set<String>> allowed;

    private JdbcUrlPolicy(Optional<Set<String>> allowed) {
        this.allowed = allowed;
    }

    /** The policy of a runtime in these profiles; {@code configured} replaces the production list. */
    public static JdbcUrlPolicy forProfiles(Collection<String> profiles, Optional<List<String>> configured) {
        if (StartupSafety.relaxed(profiles) && configured.isEmpty()) {
            return new JdbcUrlPolicy(Optional.empty());
        }
        return new JdbcUrlPolicy(Optional.of(Set.copyOf(configured.orElse(PRODUCTION_SCHEMES).stream()
                .map(s -> s.strip().toLowerCase(Locale.ROOT)).toList())));
    }

    /** Refuses a URL this runtime may not open, with what to do about it. */
    public void check(String url) {
        String scheme = scheme(url);
        if (RUNS_CODE.matcher(url).matches()) {
            throw new IllegalArgumentException("the JDBC URL (" + scheme + ") asks the driver to run a script when it "
                    + "connects (INIT=/RUNSCRIPT); a connector only reads: remove it");
        }
        if (allowed.isPresent() && !allowed.get().contains(scheme)) {
            throw new IllegalArgumentException("JDBC URL scheme '" + scheme + "' is not allowed in production (allowed: "
                    + allowed.get().stream().sorted().toList() + "; set datarun.connectors.jdbc-url-schemes to change the list)");
        }
    }

    static String scheme(String url) {
        String lower = url == null ? "" : url.strip().toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:")) {
            return lower.isEmpty() ? "(none)" : lower.split(":", 2)[0];
        }
        String rest = lower.substring(5);
        int colon = rest.indexOf(':');
        return colon < 0 ? rest : rest.substring(0, colon);
    }
}
