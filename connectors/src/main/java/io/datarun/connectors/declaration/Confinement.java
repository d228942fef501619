package io.datarun.connectors.declaration;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules a declaration that arrives through an API must keep (issue 14): what a department may
 * make the runtime do on its behalf, never more than its own feed. Deny by default; every rule is
 * checked and every break named, e.g. {@code source.route: component 'exec' is never allowed}.
 *
 * <ul>
 *   <li>The dataset is the department's own.</li>
 *   <li>{@code kind: java} is refused (code runs from the operator's plugins folder only).</li>
 *   <li>{@code kind: file}: the folder is inside the department's drop folder (after {@code ..} and
 *       links are resolved).</li>
 *   <li>{@code kind: http}, {@code jdbc}, {@code rabbitmq}: the address's host is one the policy
 *       declares; JDBC only for network databases ({@code jdbc:h2:} can read files and run scripts).</li>
 *   <li>{@code kind: camel}: the route is inline (no {@code routeFile}); every endpoint's component is
 *       in the department's allow-list and never one of {@link #NEVER}; no dynamic endpoints
 *       ({@code toD}, recipient lists …); no scripting languages; every host an endpoint names
 *       (its authority, or a {@code brokerUrl}/{@code host} parameter) is declared; no Camel property
 *       placeholders ({@code {{env:…}}}) and no simple-language functions that read the runtime
 *       ({@code ${env…}}, {@code ${sys…}}, {@code ${bean…}} …).</li>
 *   <li>Placeholders ({@code ${NAME}}) are resolved from the connector's own secrets only:
 *       {@link #placeholders(Map)} is what such a declaration is read with, never the environment.</li>
 * </ul>
 */
public final class Confinement {
    /** Components no department may use, whatever its allow-list says: they run code or reach the runtime. */
    public static final Set<String> NEVER = Set.of("exec", "bean", "class", "language", "ref", "script", "groovy",
            "joor", "java", "js", "python", "jsh", "ssh", "docker", "kubernetes", "controlbus", "jmx", "log", "stub",
            "direct", "seda", "vm", "file", "scheduler", "velocity", "freemarker", "mvel", "ognl", "xslt", "xj",
            "spring-event", "browse", "dataset", "mock", "jdbc", "sql", "jpa", "mybatis", "netty-http", "platform-http",
            "rest", "rest-api", "servlet", "undertow", "jetty", "vertx-http");
    /** Route keys whose endpoint is computed at run time, or that run an expression language. */
    private static final Set<String> DYNAMIC = Set.of("toD", "recipientList", "routingSlip", "dynamicRouter", "enrich",
            "pollEnrich", "poll", "simple", "groovy", "joor", "java", "js", "python", "mvel", "ognl", "spel", "method",
            "bean", "script", "process", "processor", "kamelet");
    private static final Set<String> HOST_PARAMETERS = Set.of("brokerurl", "host", "hostname", "addresses", "serverurl",
            "url", "uri", "brokers");
    private static final Pattern SIMPLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final Pattern JDBC_HOST = Pattern.compile(
            "^jdbc:(postgresql:|mariadb:|mysql:|sqlserver:|oracle:thin:@)//([^:/;?\\[\\]]+)");

    /**
     * What one department's API declarations may reach.
     *
     * @param department the department code; only its own datasets
     * @param camelComponents Camel component schemes its routes may use (less {@link #NEVER})
     * @param dropRoot its drop folder: every {@code kind: file} folder lies inside it; null when it has none
     * @param hosts the hosts its sources may be at (lower case; an entry {@code *.example.gov.cn} allows subdomains)
     */
    public record Policy(String department, Set<String> camelComponents, Path dropRoot, Set<String> hosts) {
        public Policy {
            camelComponents = Set.copyOf(camelComponents);
            hosts = Set.copyOf(hosts);
        }
    }

    private Confinement() {
    }

    /** Placeholders of a confined declaration: the connector's own secrets, nothing from the process. */
    public static Placeholders placeholders(Map<String, String> secrets) {
        Map<String, String> own = Map.copyOf(secrets);
        return new Placeholders(own::get, name -> null, "a secret sent with the declaration");
    }

    /** Every rule the declaration breaks, each as {@code key: why}; empty when it is confined. */
    public static List<String> breaches(ConnectorDeclaration declaration, Policy policy) {
        List<String> breaches = new ArrayList<>();
        if (!declaration.dataset().owner().equals(policy.department())) {
            breaches.add("dataset: " + declaration.dataset().id() + " is owned by " + declaration.dataset().owner()
                    + ", not by " + policy.department());
        }
        SourceDeclaration source = declaration.source();
        if (source instanceof JavaSource) {
            breaches.add("source.kind: java is not allowed through the API (custom code is installed by the operator)");
        } else if (source instanceof FileSource file) {
            folder(file.dir(), policy).ifPresent(breaches::add);
        } else if (source instanceof HttpSource http) {
            host("source.url", http.url(), policy).ifPresent(breaches::add);
        } else if (source instanceof RabbitMqSource rabbit) {
            host("source.uri", safeUri(rabbit.uri()), policy).ifPresent(breaches::add);
        } else if (source instanceof JdbcSource jdbc) {
            Matcher m = JDBC_HOST.matcher(jdbc.url());
            if (!m.find()) {
                breaches.add("source.url: expected a network database (jdbc:postgresql://, jdbc:mariadb://, jdbc:mysql://), "
                        + "found '" + jdbc.url().replaceAll("[;?].*", "") + "'");
            } else if (!hostAllowed(m.group(2), policy)) {
                breaches.add("source.url: host '" + m.group(2) + "' is not one of " + policy.department()
                        + "'s declared hosts " + sorted(policy.hosts()));
            }
        } else if (source instanceof CamelSource camel) {
            if (camel.routeFile().isPresent()) {
                breaches.add("source.routeFile: not allowed through the API; give the route inline under source.route");
            }
            camel.route().ifPresent(route -> route(route, "source.route", policy, breaches));
        }
        return breaches;
    }

    private static Optional<String> folder(Path dir, Policy policy) {
        if (policy.dropRoot() == null) {
            return Optional.of("source.dir: " + policy.department() + " has no drop folder declared");
        }
        try {
            Path root = policy.dropRoot().toAbsolutePath().normalize();
            Path folder = dir.toAbsolutePath().normalize();
            if (Files.exists(root)) {
                root = root.toRealPath();
            }
            if (Files.exists(folder)) {
                folder = folder.toRealPath(); // a link out of the drop folder counts where it points
            }
            return folder.startsWith(root) ? Optional.empty()
                    : Optional.of("source.dir: " + dir + " is outside " + policy.department() + "'s drop folder " + root);
        } catch (IOException e) {
            return Optional.of("source.dir: cannot resolve " + dir + ": " + e.getMessage());
        }
    }

    private static Optional<String> host(String key, URI uri, Policy policy) {
        if (uri == null || uri.getHost() == null) {
            return Optional.of(key + ": expected an address with a host");
        }
        return hostAllowed(uri.getHost(), policy) ? Optional.empty()
                : Optional.of(key + ": host '" + uri.getHost() + "' is not one of " + policy.department()
                        + "'s declared hosts " + sorted(policy.hosts()));
    }

    private static boolean hostAllowed(String host, Policy policy) {
        String h = host.toLowerCase(Locale.ROOT);
        return policy.hosts().stream().anyMatch(allowed -> allowed.startsWith("*.")
                ? h.endsWith(allowed.substring(1)) : h.equals(allowed));
    }

    private static URI safeUri(String text) {
        try {
            return URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Walks the route: every key, every endpoint, every text. */
    private static void route(JsonNode node, String path, Policy policy, List<String> breaches) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                JsonNode value = field.getValue();
                if (DYNAMIC.contains(key)) {
                    breaches.add(path + "." + key + ": not allowed through the API (a dynamic endpoint or an expression "
                            + "that runs code)");
                    continue;
                }
                if ((key.equals("uri") || key.equals("to") || key.equals("wireTap") || key.equals("from"))
                        && value.isTextual()) {
                    endpoint(value.asText(), path + "." + key, policy, breaches);
                }
                if (HOST_PARAMETERS.contains(key.toLowerCase(Locale.ROOT)) && value.isTextual() && path.endsWith("parameters")) {
                    URI uri = safeUri(value.asText());
                    String host = uri != null && uri.getHost() != null ? uri.getHost() : value.asText().replaceAll(":.*", "");
                    if (!hostAllowed(host, policy)) {
                        breaches.add(path + "." + key + ": host '" + host + "' is not one of " + policy.department()
                                + "'s declared hosts " + sorted(policy.hosts()));
                    }
                }
                route(value, path + "." + key, policy, breaches);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                route(node.get(i), path + "[" + i + "]", policy, breaches);
            }
        } else if (node.isTextual()) {
            text(node.asText(), path, breaches);
        }
    }

    private static void endpoint(String uri, String path, Policy policy, List<String> breaches) {
        if (uri.equals(CamelSource.DOOR)) {
            return;
        }
        Matcher scheme = SCHEME.matcher(uri);
        if (!scheme.find()) {
            breaches.add(path + ": '" + uri + "' names no component");
            return;
        }
        String component = scheme.group(1).toLowerCase(Locale.ROOT);
        if (NEVER.contains(component) || component.startsWith("kubernetes") || component.startsWith("spring")) {
            breaches.add(path + ": component '" + component + "' is never allowed through the API");
        } else if (!policy.camelComponents().contains(component)) {
            breaches.add(path + ": component '" + component + "' is not in " + policy.department() + "'s allow-list "
                    + sorted(policy.camelComponents()));
        }
        String rest = uri.substring(scheme.end());
        if (rest.startsWith("//")) {
            String authority = rest.substring(2).replaceAll("[/?].*$", "").replaceAll("^.*@", "").replaceAll(":\\d+$", "");
            if (!authority.isEmpty() && !hostAllowed(authority, policy)) {
                breaches.add(path + ": host '" + authority + "' is not one of " + policy.department() + "'s declared hosts "
                        + sorted(policy.hosts()));
            }
        }
    }

    /** Texts of the route: no Camel property placeholders, no simple-language functions reading the runtime. */
    private static void text(String value, String path, List<String> breaches) {
        if (value.contains("{{")) {
            breaches.add(path + ": Camel property placeholders ({{…}}) read the runtime's environment; use ${NAME} of "
                    + "the connector's own secrets");
        }
        Matcher m = SIMPLE.matcher(value);
        while (m.find()) {
            String expression = m.group(1).strip();
            if (!expression.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                breaches.add(path + ": '${" + expression + "}' is not allowed through the API (only ${NAME} of the "
                        + "connector's own secrets)");
            }
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
