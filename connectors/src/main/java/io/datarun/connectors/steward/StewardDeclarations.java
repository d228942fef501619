package io.datarun.connectors.steward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.datarun.connectors.declaration.Confinement;
import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.DeclarationReader;
import io.datarun.connectors.runtime.ConnectorRuntime;
import io.datarun.connectors.runtime.ConnectorsConfig;
import io.datarun.connectors.runtime.KafkaStartupCheck;
import io.datarun.connectors.runtime.TopicsConfig;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.options.OptionsFileException;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Declarations stewards send through the API: read and confined here (the same reader as the
 * folder's, placeholders from the connector's own secrets only, then {@link Confinement} against the
 * department's policy), stored in {@link Topics#DECLARATIONS}, and followed from there by every
 * runtime, which hands them to {@link ConnectorRuntime#apply} like the folder's. A followed record is
 * read and confined again before it runs: a record written around the API, or accepted under a
 * policy the operator has since narrowed, does not run. A name the folder declares is the folder's
 * (the operator's files win).
 */
@ApplicationScoped
public class StewardDeclarations {
    private static final Logger LOG = Logger.getLogger(StewardDeclarations.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final StewardConfig config;
    private final SchemaRegistry registry;
    private final DeclarationReader.Defaults defaults;
    private final ConnectorRuntime runtime;
    private final Optional<SecretBox> box;
    private final DeclarationTopic topic;
    /** The topic's latest record per connector name, as followed (accepted here or not). */
    private final Map<String, ApiDeclaration> stored = new ConcurrentHashMap<>();

    public StewardDeclarations(StewardConfig config, ConnectorsConfig connectors, TopicsConfig topics,
            KafkaClientSettings kafka, KafkaStartupCheck startupCheck, SchemaRegistry registry, ConnectorRuntime runtime) {
        this.config = config;
        this.registry = registry;
        this.defaults = new DeclarationReader.Defaults(connectors.batchSize(), connectors.pollInterval(), connectors.zone());
        this.runtime = runtime;
        this.box = config.secretsKey().filter(k -> !k.isBlank()).map(SecretBox::new);
        this.topic = new DeclarationTopic(kafka, new TopicProvisioner(topics.partitions(), topics.replicationFactor(),
                startupCheck.requireReplicated()), connectors.startTimeout());
    }

    void onStart(@Observes StartupEvent event) {
        topic.follow(this::followed);
    }

    void onStop(@Observes ShutdownEvent event) {
        topic.close();
    }

    /** Where a declaration sent through the API is said to come from, in messages. */
    static Path origin(String name) {
        return Path.of(Topics.DECLARATIONS, name + ".yaml");
    }

    /**
     * Reads a declaration as a steward sent it, with its secrets as the only placeholders.
     *
     * @throws Refusal 400 when it cannot be read (naming the key), 422 for a {@code routeFile}, which
     *                 the API never reads
     */
    public ConnectorDeclaration read(String name, String yaml, Map<String, String> secrets) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new Refusal(400, "unreadable-declaration", "The declaration is not YAML",
                    List.of(new Refusal.FieldError("", e.getMessage().lines().findFirst().orElse(""))));
        }
        if (root != null && root.path("source").has("routeFile")) {
            // refused before reading: the reader would open the file, and the API reaches no file of the runtime
            throw new Refusal(422, "declaration-not-confined", "The declaration breaks its department's confinement",
                    List.of(new Refusal.FieldError("source.routeFile",
                            "not allowed through the API; give the route inline under source.route")));
        }
        DeclarationReader reader = new DeclarationReader(registry, Confinement.placeholders(secrets), defaults);
        try {
            return reader.read(origin(name), yaml);
        } catch (OptionsFileException e) {
            String message = e.getMessage();
            String prefix = origin(name) + (e.keyPath().isEmpty() ? "" : ": " + e.keyPath()) + ": ";
            throw new Refusal(400, "unreadable-declaration", "The declaration cannot be read", List.of(
                    new Refusal.FieldError(e.keyPath(), message.startsWith(prefix) ? message.substring(prefix.length())
                            : message)));
        }
    }

    /** Every rule the declaration breaks for {@code department} (one when the department has no policy). */
    public List<String> breaches(ConnectorDeclaration declaration, String department) {
        Optional<Confinement.Policy> policy = policy(department);
        if (policy.isEmpty()) {
            return List.of("dataset: " + department + " may not declare connectors through the API (no "
                    + "datarun.connectors.api.departments." + department + " policy on this runtime)");
        }
        return Confinement.breaches(declaration, policy.get());
    }

    Optional<Confinement.Policy> policy(String department) {
        StewardConfig.DepartmentPolicy declared = config.departments().get(department);
        if (declared == null) {
            return Optional.empty();
        }
        Set<String> components = new TreeSet<>();
        declared.camelComponents().orElse(List.of()).forEach(c -> components.add(c.strip().toLowerCase(Locale.ROOT)));
        Set<String> hosts = new TreeSet<>();
        declared.hosts().orElse(List.of()).forEach(h -> hosts.add(h.strip().toLowerCase(Locale.ROOT)));
        return Optional.of(new Confinement.Policy(department, components, declared.dropRoot().orElse(null), hosts));
    }

    /** Whether secrets can be stored: the operator configured the key. */
    public boolean canSeal() {
        return box.isPresent();
    }

    /** Stores an accepted declaration; its secrets sealed. Returns the record as stored and its offset. */
    public Stored store(String name, String department, String yaml, Map<String, String> secrets, String user,
            java.time.Instant at) {
        String sealed = secrets.isEmpty() ? null : box.orElseThrow().seal(name, secrets);
        ApiDeclaration record = new ApiDeclaration(name, department, yaml, sealed, new ArrayList<>(new TreeSet<>(secrets.keySet())),
                user, at.toString());
        long offset = topic.write(name, Optional.of(record));
        stored.put(name, record); // read back at once, before the follower gets to it
        return new Stored(record, offset);
    }

    /** A stored declaration and where it is in the topic. */
    public record Stored(ApiDeclaration declaration, long offset) {
    }

    /** Writes the tombstone of a declaration: every runtime stops its connector. */
    public long delete(String name) {
        long offset = topic.write(name, Optional.empty());
        stored.remove(name);
        return offset;
    }

    /** The declaration stored for this name, as followed from the topic. */
    public Optional<ApiDeclaration> stored(String name) {
        return Optional.ofNullable(stored.get(name));
    }

    public boolean declaredInFolder(String name) {
        return runtime.declaredInFolder(name);
    }

    /** What one poll of the topic read: read and confine each again, then start, restart or stop their connectors. */
    private void followed(Map<String, Optional<ApiDeclaration>> latest) {
        List<ConnectorDeclaration> declared = new ArrayList<>();
        Set<String> removed = new TreeSet<>();
        latest.forEach((name, value) -> {
            if (value.isPresent()) {
                stored.put(name, value.get());
            } else {
                stored.remove(name);
            }
            if (runtime.declaredInFolder(name)) {
                LOG.warnf("declaration of connector=%s through the API not applied: a file of the declarations folder "
                        + "declares it (the operator's files win)", name);
                return;
            }
            if (value.isEmpty()) {
                removed.add(name); // nothing to stop when it never ran here
                return;
            }
            ApiDeclaration record = value.get();
            try {
                Map<String, String> secrets = record.sealedSecrets() == null ? Map.of()
                        : box.orElseThrow(() -> new IllegalArgumentException("its secrets are sealed and this runtime "
                                + "has no datarun.connectors.api.secrets-key")).open(name, record.sealedSecrets());
                ConnectorDeclaration declaration = read(name, record.declaration(), secrets);
                List<String> breaches = new ArrayList<>();
                if (!declaration.dataset().owner().equals(record.department())) {
                    breaches.add("dataset: owned by " + declaration.dataset().owner() + ", the record is for "
                            + record.department());
                }
                breaches.addAll(breaches(declaration, record.department()));
                if (!breaches.isEmpty()) {
                    LOG.errorf("declaration of connector=%s department=%s from %s not applied, it breaks the department's "
                            + "confinement: %s", name, record.department(), Topics.DECLARATIONS, breaches);
                    return;
                }
                declared.add(declaration);
            } catch (Refusal e) {
                LOG.errorf("declaration of connector=%s department=%s from %s not applied: %s", name, record.department(),
                        Topics.DECLARATIONS, e.errors());
            } catch (RuntimeException e) {
                LOG.errorf("declaration of connector=%s department=%s from %s not applied: %s", name, record.department(),
                        Topics.DECLARATIONS, e.getMessage());
            }
        });
        if (!declared.isEmpty() || !removed.isEmpty()) {
            runtime.apply(declared, removed);
        }
    }
}
