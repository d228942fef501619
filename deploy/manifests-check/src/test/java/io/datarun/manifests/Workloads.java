package io.datarun.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small readers over pod templates, shared by the checks. */
final class Workloads {
    private Workloads() {
    }

    static List<Container> containers(PodTemplateSpec template) {
        List<Container> all = new ArrayList<>(template.getSpec().getContainers());
        if (template.getSpec().getInitContainers() != null) {
            all.addAll(template.getSpec().getInitContainers());
        }
        return all;
    }

    static Optional<EnvVar> env(Container container, String name) {
        return container.getEnv() == null ? Optional.empty()
                : container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }

    /** A variable's literal value; fails when it is missing or comes from elsewhere. */
    static String value(Container container, String name) {
        EnvVar var = env(container, name).orElseThrow(() ->
                new AssertionError("container " + container.getName() + " has no environment variable " + name));
        if (var.getValue() == null) {
            throw new AssertionError("container " + container.getName() + ": " + name + " is expected as a literal value");
        }
        return var.getValue();
    }

    /** The Secret and key a variable is read from; fails when it is not read from a Secret. */
    static String[] secretRef(Container container, String name) {
        EnvVar var = env(container, name).orElseThrow(() ->
                new AssertionError("container " + container.getName() + " has no environment variable " + name));
        if (var.getValueFrom() == null || var.getValueFrom().getSecretKeyRef() == null) {
            throw new AssertionError("container " + container.getName() + ": " + name + " must come from a Secret (secretKeyRef)");
        }
        return new String[] {var.getValueFrom().getSecretKeyRef().getName(), var.getValueFrom().getSecretKeyRef().getKey()};
    }

    static Container container(PodTemplateSpec template, String name) {
        return template.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }
}
