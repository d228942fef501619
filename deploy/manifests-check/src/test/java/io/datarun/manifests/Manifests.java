package io.datarun.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One overlay rendered by {@code kubectl kustomize} and every document parsed into its model class:
 * Strimzi's for the {@code kafka.strimzi.io} kinds, fabric8's for Kubernetes' own. A kind without a
 * model here, or an API version other than the one the operator serves, is an error: a resource
 * nobody checks is a resource that can drift.
 */
final class Manifests {
    /** The kinds datarun deploys, with the API version each must carry. */
    static final Map<String, Kind> KINDS = kinds();

    record Kind(String apiVersion, Class<? extends HasMetadata> model) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    final String name;
    final List<HasMetadata> resources;

    Manifests(String name, List<HasMetadata> resources) {
        this.name = name;
        this.resources = List.copyOf(resources);
    }

    private static Map<String, Kind> kinds() {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        kinds.put("Namespace", new Kind("v1", Namespace.class));
        kinds.put("ConfigMap", new Kind("v1", ConfigMap.class));
        kinds.put("Secret", new Kind("v1", Secret.class));
        kinds.put("Service", new Kind("v1", Service.class));
        kinds.put("Deployment", new Kind("apps/v1", Deployment.class));
        kinds.put("StatefulSet", new Kind("apps/v1", StatefulSet.class));
        kinds.put("Ingress", new Kind("networking.k8s.io/v1", Ingress.class));
        kinds.put("NetworkPolicy", new Kind("networking.k8s.io/v1", NetworkPolicy.class));
        kinds.put("PodDisruptionBudget", new Kind("policy/v1", PodDisruptionBudget.class));
        // Strimzi 0.49 serves v1 and deprecates v1beta2; Strimzi 1.0 drops v1beta2
        kinds.put("Kafka", new Kind("kafka.strimzi.io/v1", Kafka.class));
        kinds.put("KafkaNodePool", new Kind("kafka.strimzi.io/v1", KafkaNodePool.class));
        kinds.put("KafkaTopic", new Kind("kafka.strimzi.io/v1", KafkaTopic.class));
        kinds.put("KafkaUser", new Kind("kafka.strimzi.io/v1", KafkaUser.class));
        kinds.put("KafkaMirrorMaker2", new Kind("kafka.strimzi.io/v1", KafkaMirrorMaker2.class));
        return kinds;
    }

    /** Renders {@code deploy/kubernetes/overlays/<overlay>} with kubectl and parses it. */
    static Manifests render(String overlay) {
        Path dir = Repo.path("deploy/kubernetes/overlays/" + overlay);
        Commands.Result result = Commands.run(List.of("kubectl", "kustomize", dir.toString()), Repo.root());
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + result.stderr());
        }
        return parse(overlay, result.stdout());
    }

    /** Parses a multi-document YAML stream. */
    static Manifests parse(String name, String yaml) {
        List<HasMetadata> resources = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try {
            for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                String kind = doc.path("kind").asText();
                String where = kind + " " + doc.path("metadata").path("name").asText();
                Kind known = KINDS.get(kind);
                if (known == null) {
                    errors.add(where + ": no model for kind '" + kind + "' in the manifests check (add it to Manifests.KINDS)");
                    continue;
                }
                if (!known.apiVersion().equals(doc.path("apiVersion").asText())) {
                    errors.add(where + ": apiVersion " + doc.path("apiVersion").asText() + ", expected " + known.apiVersion());
                }
                HasMetadata resource;
                try {
                    resource = JSON.treeToValue(doc, known.model());
                } catch (IOException e) {
                    errors.add(where + ": does not parse as " + known.model().getSimpleName() + ": " + e.getMessage());
                    continue;
                }
                // the models keep what they do not know instead of failing: a misspelt field is found here
                UnknownFields.of(resource).forEach(path -> errors.add(where + ": unknown field " + path));
                resources.add(resource);
            }
        } catch (IOException e) {
            throw new IllegalStateException(name + ": not YAML: " + e.getMessage(), e);
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException(name + ":\n  " + String.join("\n  ", errors));
        }
        return new Manifests(name, resources);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(this.name + ": no " + type.getSimpleName() + " " + name));
    }

    /** Every workload's pod template, named {@code Kind/name}. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> templates.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> templates.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate()));
        return templates;
    }

    /** A deep copy through JSON, for the drift tests to change without touching this one. */
    @SuppressWarnings("unchecked")
    <T extends HasMetadata> T copy(T resource) {
        try {
            return (T) JSON.readValue(JSON.writeValueAsBytes(resource), resource.getClass());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
