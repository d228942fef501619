package io.datarun.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Kustomize reads files only below its own folder, so the base carries copies of the gateway's
 * policy files and of the Keycloak realm. These checks keep each copy what its source is (or, for
 * the realm, what its source becomes once the demo-only parts are taken out).
 */
class ConfigCopiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void grantsAndFormsInTheBaseAreTheDeploymentConfigFiles() throws IOException {
        assertThat(Repo.path("deploy/kubernetes/base/gateway/grants.yaml"))
                .as("copy of deploy/config/grants.yaml: cp deploy/config/grants.yaml deploy/kubernetes/base/gateway/")
                .hasSameTextualContentAs(Repo.path("deploy/config/grants.yaml"));
        List<String> sources = names(Repo.path("deploy/config/forms"));
        assertThat(names(Repo.path("deploy/kubernetes/base/gateway/forms"))).as("form files in the base").isEqualTo(sources);
        for (String form : sources) {
            assertThat(Repo.path("deploy/kubernetes/base/gateway/forms/" + form)).as("copy of deploy/config/forms/" + form)
                    .hasSameTextualContentAs(Repo.path("deploy/config/forms/" + form));
        }
        String kustomization = Files.readString(Repo.path("deploy/kubernetes/base/kustomization.yaml"));
        sources.forEach(form -> assertThat(kustomization).as("the forms ConfigMap lists " + form).contains("gateway/forms/" + form));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void keycloakRealmIsTheSharedRealmWithoutItsDemoUsersAndSecret() throws IOException {
        JsonNode deployed = JSON.readTree(Repo.path("deploy/kubernetes/base/keycloak/datarun-realm.json").toFile());
        assertThat(deployed.has("users")).as("no demo user (demo passwords) in a deployed realm").isFalse();
        assertThat(deployed.toString()).as("no demo-only value in a deployed realm").doesNotContain("demo-only");
        assertThat(deployed).as("deploy/kubernetes/base/keycloak/datarun-realm.json is deploy/keycloak/datarun-realm.json "
                + "without users and the gateway client's secret, the login clients redirecting to ${DATARUN_PUBLIC_URL}, "
                + "and no password grant: edit deploy/keycloak/datarun-realm.json and apply the same change here")
                .isEqualTo(productionRealm(JSON.readTree(Repo.path("deploy/keycloak/datarun-realm.json").toFile())));
    }

    /** What the deployed realm must be: the shared realm with its demo-only parts replaced. */
    static JsonNode productionRealm(JsonNode shared) {
        ObjectNode realm = shared.deepCopy();
        realm.remove("users");
        for (JsonNode client : realm.withArray("clients")) {
            ObjectNode c = (ObjectNode) client;
            switch (c.path("clientId").asText()) {
                case "datarun-gateway" -> c.remove("secret"); // Keycloak generates one at import
                case "datarun-web" -> {
                    c.put("directAccessGrantsEnabled", false); // the password grant is for the demo and tests
                    redirect(c, "${DATARUN_PUBLIC_URL}/*");
                }
                case "datarun-ui" -> redirect(c, "${DATARUN_PUBLIC_URL}/ui/*");
                default -> {
                }
            }
        }
        return realm;
    }

    private static void redirect(ObjectNode client, String uri) {
        ArrayNode uris = JSON.createArrayNode().add(uri);
        client.set("redirectUris", uris);
    }
}
