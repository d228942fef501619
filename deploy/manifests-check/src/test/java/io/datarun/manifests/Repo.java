package io.datarun.manifests;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checked files are: the repository root, handed over by the build (or found from here). */
final class Repo {
    private Repo() {
    }

    static Path root() {
        String configured = System.getProperty("datarun.root");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent().getParent();
        root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("deploy/kubernetes"))) {
            throw new IllegalStateException("no deploy/kubernetes under " + root + ": run from the repository (./mvnw -pl deploy/manifests-check)");
        }
        return root;
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }
}
