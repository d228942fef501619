package io.datarun.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The overlays under deploy/kubernetes/overlays, each rendered once per test run. */
final class Overlays {
    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    private Overlays() {
    }

    /** Every overlay folder: a new one is checked without anyone adding it here. */
    static List<String> names() {
        try (Stream<Path> dirs = Files.list(Repo.path("deploy/kubernetes/overlays"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The overlay rendered and parsed; the test is skipped, saying so, when kubectl is missing. */
    static Manifests rendered(String overlay) {
        Assumptions.assumeTrue(Commands.onPath("kubectl"),
                "SKIPPED: kubectl is not on the PATH, so the Kubernetes manifests were NOT rendered or checked "
                        + "(install kubectl 1.27+ with its built-in kustomize)");
        return RENDERED.computeIfAbsent(overlay, Manifests::render);
    }
}
