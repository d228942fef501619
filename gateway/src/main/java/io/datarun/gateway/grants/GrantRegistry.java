package io.datarun.gateway.grants;

import io.datarun.gateway.access.Grant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every grant in force on this replica: the grants file's (read-only, ids derived from their
 * content so every replica names them alike) and the API's, applied in topic order from the
 * grants topic. Reads take an immutable snapshot, so a decision never sees half a change.
 */
public final class GrantRegistry {
    private final Map<String, ManagedGrant> fileGrants;
    private final Map<String, ManagedGrant> apiGrants = new LinkedHashMap<>();
    private volatile List<ManagedGrant> snapshot;

    public GrantRegistry(List<Grant> fromFile, Function<String, String> ownerOf) {
        Map<String, ManagedGrant> file = new LinkedHashMap<>();
        for (Grant grant : fromFile) {
            String id = fileId(grant);
            file.put(id, new ManagedGrant(id, ManagedGrant.FILE, ownerOf.apply(grant.dataset()), grant,
                    null, null, null, null));
        }
        this.fileGrants = Map.copyOf(file);
        this.snapshot = List.copyOf(file.values());
    }

    /** Applies one grants-topic record: the grant's new state, or {@code null} when it was revoked. */
    public synchronized void apply(String id, ManagedGrant grant) {
        if (fileGrants.containsKey(id)) {
            return; // the file's grants cannot be overridden through the topic
        }
        if (grant == null) {
            apiGrants.remove(id);
        } else {
            apiGrants.put(id, grant);
        }
        List<ManagedGrant> next = new ArrayList<>(fileGrants.values());
        next.addAll(apiGrants.values());
        snapshot = List.copyOf(next);
    }

    public List<ManagedGrant> all() {
        return snapshot;
    }

    public List<Grant> grants() {
        return snapshot.stream().map(ManagedGrant::grant).toList();
    }

    public Optional<ManagedGrant> find(String id) {
        return snapshot.stream().filter(g -> g.id().equals(id)).findFirst();
    }

    static String fileId(Grant grant) {
        String canonical = String.join("|", grant.consumer(), grant.dataset(),
                String.join(",", new TreeSet<>(grant.fields())), String.join(",", new TreeSet<>(grant.purposes())),
                String.join(",", new TreeSet<>(grant.divisions())), grant.expires().map(Object::toString).orElse(""));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return "file-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
