package io.datarun.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The systemd units of deploy/systemd: they pass {@code systemd-analyze verify} and the hardening
 * review (through {@code deploy/systemd/verify.sh}), a broken copy does not, and they configure the
 * applications like the Kubernetes manifests do (same variables, same memory bound).
 */
class SystemdUnitsTest {
    private static final Path SYSTEMD = Repo.path("deploy/systemd");
    private static final int SKIPPED = 77;

    private static Commands.Result verify(Path unitsDir) {
        Assumptions.assumeTrue(Commands.onPath("systemd-analyze"),
                "SKIPPED: systemd-analyze is not on the PATH, so the systemd units were NOT verified");
        Commands.Result result = Commands.run(List.of("bash", SYSTEMD.resolve("verify.sh").toString(), unitsDir.toString()), Repo.root());
        Assumptions.assumeTrue(result.exitCode() != SKIPPED, "SKIPPED: " + result.stderr());
        return result;
    }

    @Test
    void unitsPassSystemdAnalyzeVerifyAndTheHardeningReview() {
        Commands.Result result = verify(SYSTEMD);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    private static Path copyWith(Path dir, String unit, String from, String to) throws IOException {
        for (String name : List.of("datarun-gateway.service", "datarun-connectors.service")) {
            Files.copy(SYSTEMD.resolve(name), dir.resolve(name));
        }
        String text = Files.readString(dir.resolve(unit));
        assertThat(text).contains(from);
        Files.writeString(dir.resolve(unit), text.replace(from, to));
        return dir;
    }

    @Test
    void whenAKeyIsMisspeltThenVerifyFails(@TempDir Path dir) throws IOException {
        Commands.Result result = verify(copyWith(dir, "datarun-gateway.service", "ProtectHome=yes", "ProtectHom=yes"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("Unknown key 'ProtectHom'");
    }

    @Test
    void whenTheJavaBinaryIsNotInTheLayoutThenVerifyFails(@TempDir Path dir) throws IOException {
        Commands.Result result = verify(copyWith(dir, "datarun-connectors.service", "ExecStart=/usr/bin/java", "ExecStart=/opt/jdk/bin/java"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("/opt/jdk/bin/java is not executable");
    }

    @Test
    void whenHardeningIsRemovedThenTheReviewFails(@TempDir Path dir) throws IOException {
        Path copy = copyWith(dir, "datarun-connectors.service", "ProtectSystem=strict\n", "");
        String text = Files.readString(copy.resolve("datarun-connectors.service"))
                .replace("CapabilityBoundingSet=\n", "").replace("SystemCallFilter=@system-service\n", "");
        Files.writeString(copy.resolve("datarun-connectors.service"), text);
        Commands.Result result = verify(copy);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("datarun-connectors.service: exposure above 2");
    }

    /** The settings of a unit's [Service] section; a key given twice keeps every value. */
    static Map<String, List<String>> service(String unit) throws IOException {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        boolean inService = false;
        for (String line : Files.readAllLines(SYSTEMD.resolve(unit))) {
            String trimmed = line.strip();
            if (trimmed.startsWith("[")) {
                inService = trimmed.equals("[Service]");
            } else if (inService && !trimmed.isEmpty() && !trimmed.startsWith("#") && trimmed.contains("=")) {
                int eq = trimmed.indexOf('=');
                settings.computeIfAbsent(trimmed.substring(0, eq), k -> new ArrayList<>()).add(trimmed.substring(eq + 1));
            }
        }
        return settings;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "connectors"})
    void unitsRunUnprivilegedAndWriteOnlyTheirStateDirectory(String app) throws IOException {
        Map<String, List<String>> s = service("datarun-" + app + ".service");
        assertThat(s.get("User")).containsExactly("datarun");
        assertThat(s.get("ProtectSystem")).containsExactly("strict");
        assertThat(s.get("ProtectHome")).containsExactly("yes");
        assertThat(s.get("PrivateTmp")).containsExactly("yes");
        assertThat(s.get("NoNewPrivileges")).containsExactly("yes");
        assertThat(s.get("ReadWritePaths")).as("the only writable path").containsExactly("/var/lib/datarun/" + app);
        assertThat(s.get("StateDirectory")).containsExactly("datarun/" + app);
        assertThat(s.get("CapabilityBoundingSet")).as("no capability").containsExactly("");
        assertThat(s.get("SystemCallFilter")).containsExactly("@system-service");
        assertThat(s.get("RestrictAddressFamilies")).containsExactly("AF_INET AF_INET6 AF_UNIX");
        assertThat(s.get("Restart")).containsExactly("on-failure");
        assertThat(s.get("ExecStart")).singleElement().asString()
                .isEqualTo("/usr/bin/java $JAVA_OPTS -jar /opt/datarun/" + app + "/quarkus-app/quarkus-run.jar");
        assertThat(s.get("EnvironmentFile")).containsExactly("/etc/datarun/" + app + ".env", "/etc/datarun/" + app + ".secrets.env");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "connectors"})
    void theMemoryBoundIsTheKubernetesLimit(String app) throws IOException {
        Manifests production = Overlays.rendered("production");
        Container container = app.equals("gateway")
                ? production.get(StatefulSet.class, "datarun-gateway").getSpec().getTemplate().getSpec().getContainers().get(0)
                : production.get(Deployment.class, "datarun-connectors").getSpec().getTemplate().getSpec().getContainers().get(0);
        String memoryMax = service("datarun-" + app + ".service").get("MemoryMax").get(0);
        // systemd's K, M and G are powers of 1024, like Kubernetes' Ki, Mi and Gi
        Quantity systemd = new Quantity(memoryMax.substring(0, memoryMax.length() - 1), memoryMax.substring(memoryMax.length() - 1) + "i");
        assertThat(Quantity.getAmountInBytes(systemd)).as("MemoryMax=%s against the container's limit", memoryMax)
                .isEqualTo(Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")));
    }

    /**
     * Variables only one kind of deployment has: Kubernetes' pod identity and the base image's heap
     * ratios and JVM options, the VM's JVM options and the gateway's HTTP port there; the discovery URL, which on a VM
     * is the issuer's own (the gateway's default).
     */
    static final Set<String> KUBERNETES_ONLY = Set.of("POD_NAME", "POD_NAMESPACE", "JAVA_MAX_MEM_RATIO", "JAVA_INITIAL_MEM_RATIO",
            "JAVA_OPTS_APPEND", "DATARUN_UI_OIDC_DISCOVERY_URL");
    static final Set<String> VM_ONLY = Set.of("JAVA_OPTS", "DATARUN_GATEWAY_PORT", "DATARUN_CONNECTORS_HTTP_PORT");

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "connectors"})
    void unitsAndManifestsSetTheSameVariables(String app) throws IOException {
        Set<String> vm = new TreeSet<>();
        for (String assignment : service("datarun-" + app + ".service").getOrDefault("Environment", List.of())) {
            vm.add(assignment.replace("\"", "").split("=", 2)[0]);
        }
        for (String file : List.of(app + ".env", app + ".secrets.env.example")) {
            for (String line : Files.readAllLines(SYSTEMD.resolve("etc/datarun/" + file))) {
                if (!line.isBlank() && !line.startsWith("#") && line.contains("=")) {
                    vm.add(line.substring(0, line.indexOf('=')));
                }
            }
        }
        Manifests production = Overlays.rendered("production");
        Container container = app.equals("gateway")
                ? production.get(StatefulSet.class, "datarun-gateway").getSpec().getTemplate().getSpec().getContainers().get(0)
                : production.get(Deployment.class, "datarun-connectors").getSpec().getTemplate().getSpec().getContainers().get(0);
        Set<String> kubernetes = new TreeSet<>();
        container.getEnv().stream().map(EnvVar::getName).forEach(kubernetes::add);
        kubernetes.removeAll(KUBERNETES_ONLY);
        vm.removeAll(VM_ONLY);
        if (app.equals("connectors")) {
            // the departmental sources' placeholders: a Secret's keys there (envFrom), lines of the secrets file here
            vm.removeIf(name -> name.startsWith("PS_PG_"));
        }
        assertThat(vm).as("deploy/systemd/etc/datarun/%s.env (+ secrets, + unit) against the Kubernetes container's env", app)
                .isEqualTo(kubernetes);
    }
}
