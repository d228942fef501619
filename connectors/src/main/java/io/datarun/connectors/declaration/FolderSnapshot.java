package io.datarun.connectors.declaration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a declarations folder holds at one moment: each {@code *.yaml}/{@code *.yml} file (declarations
 * and the {@code *.camel.yaml} routes they name) with the SHA-256 of its content. Two scans that differ
 * name the files added, changed or removed in between.
 *
 * <p>Content is compared, not modification times or file events: a Kubernetes ConfigMap is swapped by
 * re-pointing a {@code ..data} link (the files' own names and times stay), and NFS delivers no events.
 *
 * @param files file name to the hex SHA-256 of its bytes, as read through any link
 */
public record FolderSnapshot(Map<Path, String> files) {
    public static final FolderSnapshot EMPTY = new FolderSnapshot(Map.of());

    public FolderSnapshot {
        files = Map.copyOf(files);
    }

    /** Scans {@code dir}; a file removed while it is being read is left out (the next scan agrees). */
    public static FolderSnapshot scan(Path dir) {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path file : listing.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml$")).sorted().toList()) {
                try {
                    if (Files.isRegularFile(file)) {
                        files.put(file, sha256(Files.readAllBytes(file)));
                    }
                } catch (NoSuchFileException gone) {
                    // removed between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the declarations folder " + dir, e);
        }
        return new FolderSnapshot(files);
    }

    /** Files present in one snapshot and not the other, or present in both with other content. */
    public Set<Path> differing(FolderSnapshot earlier) {
        Set<Path> differing = new TreeSet<>();
        files.forEach((file, hash) -> {
            if (!hash.equals(earlier.files().get(file))) {
                differing.add(file);
            }
        });
        earlier.files().keySet().stream().filter(file -> !files.containsKey(file)).forEach(differing::add);
        return differing;
    }

    public boolean contains(Path file) {
        return files.containsKey(file);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
