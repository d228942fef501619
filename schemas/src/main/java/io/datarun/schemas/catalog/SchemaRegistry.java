package io.datarun.schemas.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every dataset schema version: the ones shipped in this artifact (read from
 * {@code datarun/schemas/index.txt}, the seed set), and those registered at runtime and followed
 * from the schemas topic ({@link #register}). Readers use the newest version of a dataset and
 * resolve records written with any older one through {@link #schemaStore()}. Versions are only
 * ever added, never replaced or removed, so a reader that saw a version keeps being able to read it.
 */
public final class SchemaRegistry {
    public static final String RESOURCE_ROOT = "datarun/schemas/";

    /** Dataset id to its versions; each inner map is replaced, never changed, so readers need no lock. */
    private final ConcurrentNavigableMap<String, NavigableMap<Integer, DatasetDescriptor>> versions;
    private final Set<String> shipped;
    private final SchemaStore.Cache store = new SchemaStore.Cache();

    private SchemaRegistry(Map<String, NavigableMap<Integer, DatasetDescriptor>> versions) {
        this.versions = new ConcurrentSkipListMap<>(versions);
        this.shipped = Set.copyOf(versions.keySet());
        versions.values().forEach(v -> v.values().forEach(d -> store.addSchema(d.schema())));
    }

    /** What {@link #register} did with a schema version. */
    public enum Registration {
        /** A new dataset, or a new version of one. */
        ADDED,
        /** The same version with the same schema was already known (a replay of the schemas topic). */
        KNOWN,
        /** The same version is known with a different schema: the first one stays. */
        CLASHES
    }

    /**
     * Adds a dataset version registered at runtime. The caller has checked it (the gateway's
     * registration runs the compatibility gate); a follower replaying the schemas topic passes
     * what it reads, so the same version again is {@link Registration#KNOWN}.
     */
    public synchronized Registration register(DatasetDescriptor descriptor) {
        NavigableMap<Integer, DatasetDescriptor> current = versions.getOrDefault(descriptor.id(), new TreeMap<>());
        DatasetDescriptor existing = current.get(descriptor.version());
        if (existing != null) {
            return fingerprint(existing.schema()) == fingerprint(descriptor.schema())
                    && existing.schema().toString().equals(descriptor.schema().toString())
                    ? Registration.KNOWN : Registration.CLASHES;
        }
        store.addSchema(descriptor.schema()); // readable before any reader is told it is the newest
        NavigableMap<Integer, DatasetDescriptor> next = new TreeMap<>(current);
        next.put(descriptor.version(), descriptor);
        versions.put(descriptor.id(), next);
        return Registration.ADDED;
    }

    /** Whether the dataset ships in this artifact (the seed set) rather than being registered at runtime. */
    public boolean isShipped(String datasetId) {
        return shipped.contains(datasetId);
    }

    /** Loads the schemas bundled on the classpath. */
    public static SchemaRegistry load() {
        ClassLoader loader = SchemaRegistry.class.getClassLoader();
        List<String> entries = readIndex(loader);
        Map<String, NavigableMap<Integer, DatasetDescriptor>> versions = new TreeMap<>();
        for (String entry : entries) {
            Schema schema = parse(loader, entry);
            DatasetDescriptor descriptor = DatasetDescriptor.of(schema, entry);
            String expectedFolder = descriptor.id() + "/v" + descriptor.version() + ".avsc";
            if (!entry.equals(expectedFolder)) {
                throw new IllegalStateException(entry + ": declares dataset " + descriptor.id()
                        + " version " + descriptor.version() + ", so it belongs at " + expectedFolder);
            }
            versions.computeIfAbsent(descriptor.id(), k -> new TreeMap<>()).put(descriptor.version(), descriptor);
        }
        return new SchemaRegistry(versions);
    }

    /**
     * A registry of exactly the given schemas, for tools and tests; each must carry its
     * {@code datarun.*} properties, and no dataset version may appear twice.
     */
    public static SchemaRegistry of(List<Schema> schemas) {
        Map<String, NavigableMap<Integer, DatasetDescriptor>> versions = new TreeMap<>();
        for (Schema schema : schemas) {
            DatasetDescriptor descriptor = DatasetDescriptor.of(schema, schema.getFullName());
            DatasetDescriptor previous = versions.computeIfAbsent(descriptor.id(), k -> new TreeMap<>())
                    .putIfAbsent(descriptor.version(), descriptor);
            if (previous != null) {
                throw new IllegalArgumentException("dataset " + descriptor.id() + " version "
                        + descriptor.version() + " is given twice");
            }
        }
        return new SchemaRegistry(versions);
    }

    private static List<String> readIndex(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE_ROOT + "index.txt")) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE_ROOT + "index.txt on the classpath: is datarun-schemas a dependency?");
            }
            List<String> entries = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String trimmed = line.strip();
                    if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                        entries.add(trimmed);
                    }
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema parse(ClassLoader loader, String entry) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE_ROOT + entry)) {
            if (in == null) {
                throw new IllegalStateException("index.txt lists " + entry + " but the file is not on the classpath");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(entry + ": " + e.getMessage(), e);
        }
    }

    public Collection<String> datasetIds() {
        return versions.keySet();
    }

    public boolean contains(String datasetId) {
        return versions.containsKey(datasetId);
    }

    /** The newest version of a dataset, which readers resolve every record into. */
    public Optional<DatasetDescriptor> latest(String datasetId) {
        return Optional.ofNullable(versions.get(datasetId)).map(v -> v.lastEntry().getValue());
    }

    public List<DatasetDescriptor> latestOfEach() {
        return versions.values().stream().map(v -> v.lastEntry().getValue())
                .sorted(Comparator.comparing(DatasetDescriptor::id)).toList();
    }

    /** All versions of a dataset, oldest first. */
    public List<DatasetDescriptor> versions(String datasetId) {
        return Optional.ofNullable(versions.get(datasetId)).map(v -> List.copyOf(v.values())).orElse(List.of());
    }

    /** Finds any shipped schema by its CRC-64-AVRO fingerprint (the single-object header). */
    public SchemaStore schemaStore() {
        return store;
    }

    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }
}
