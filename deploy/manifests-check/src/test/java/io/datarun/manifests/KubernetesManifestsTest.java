package io.datarun.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.schemas.kafka.KafkaAccessPlan;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.strimzi.api.kafka.model.common.PasswordSecretSource;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.mirrormaker2.KafkaMirrorMaker2;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay of deploy/kubernetes, rendered by {@code kubectl kustomize} and parsed with
 * Strimzi's and fabric8's models, against what the code provisions and the rules a city relies on:
 * the topics and their settings are the code's, three brokers and three controllers, every client
 * authenticated over TLS, no secret value in a manifest, every container probed, bounded and
 * unprivileged, the network closed by default.
 */
class KubernetesManifestsTest {
    static final String GATEWAY = "datarun-gateway";
    static final String CONNECTORS = "datarun-connectors";

    static List<String> overlays() {
        return Overlays.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void kafkaTopicsAreExactlyWhatTheCodeProvisions(String overlay) {
        Manifests m = Overlays.rendered(overlay);
        assertThat(TopicCheck.differences(expectedTopics(m), m.all(KafkaTopic.class)))
                .as("%s: KafkaTopic resources against TopicProvisioner (fix the manifest or the code, then the other)", overlay)
                .isEmpty();
    }

    /** The topics the applications would create with the settings these manifests give them. */
    static List<org.apache.kafka.clients.admin.NewTopic> expectedTopics(Manifests m) {
        Container gateway = Workloads.container(m.get(StatefulSet.class, GATEWAY).getSpec().getTemplate(), "gateway");
        Container connectors = Workloads.container(m.get(Deployment.class, CONNECTORS).getSpec().getTemplate(), "connectors");
        int partitions = Integer.parseInt(Workloads.value(gateway, "DATARUN_GATEWAY_PARTITIONS"));
        short replication = Short.parseShort(Workloads.value(gateway, "DATARUN_GATEWAY_REPLICATION_FACTOR"));
        assertThat(Workloads.value(connectors, "DATARUN_KAFKA_PARTITIONS"))
                .as("gateway and connector runtimes create topics with the same partition count").isEqualTo(String.valueOf(partitions));
        assertThat(Workloads.value(connectors, "DATARUN_KAFKA_REPLICATION_FACTOR"))
                .as("gateway and connector runtimes create topics with the same replication factor").isEqualTo(String.valueOf(replication));
        int slots = Integer.parseInt(Workloads.value(connectors, "DATARUN_CONNECTORS_SLOTS"));
        return TopicCheck.expected(partitions, replication, slots);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void kafkaUsersCarryExactlyTheAccessPlansAcls(String overlay) {
        Manifests m = Overlays.rendered(overlay);
        List<KafkaUser> users = m.all(KafkaUser.class);
        assertThat(AclCheck.differences(AclCheck.planFor(users), users))
                .as("%s: KafkaUser ACLs against io.datarun.schemas.kafka.KafkaAccessPlan", overlay).isEmpty();
        assertThat(users).as("an example department principal, holding no ACL")
                .anySatisfy(u -> assertThat(u.getMetadata().getName()).startsWith(KafkaAccessPlan.DEPARTMENT_PREFIX));
        String listenerAuth = kafka(m).getSpec().getKafka().getListeners().get(0).getAuth().getType();
        assertThat(users).allSatisfy(u -> {
            assertThat(u.getSpec().getAuthentication()).as(u.getMetadata().getName() + " authenticates").isNotNull();
            assertThat(u.getSpec().getAuthentication().getType()).as(u.getMetadata().getName() + ": the listener's mechanism")
                    .isEqualTo(listenerAuth);
            assertThat(u.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", kafka(m).getMetadata().getName());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyTopicHasThreeReplicasAndTwoInSyncReplicas(String overlay) {
        Manifests m = Overlays.rendered(overlay);
        assertThat(m.all(KafkaTopic.class)).isNotEmpty().allSatisfy(topic -> {
            assertThat(topic.getSpec().getReplicas()).as(TopicCheck.topicName(topic) + " replicas").isEqualTo(3);
            assertThat(topic.getSpec().getConfig()).as(TopicCheck.topicName(topic) + " config")
                    .containsEntry("min.insync.replicas", "2");
            assertThat(topic.getMetadata().getLabels()).as(TopicCheck.topicName(topic) + " labels")
                    .containsEntry("strimzi.io/cluster", kafka(m).getMetadata().getName());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void threeBrokersAndAQuorumOfThreeControllers(String overlay) {
        Manifests m = Overlays.rendered(overlay);
        String cluster = kafka(m).getMetadata().getName();
        List<KafkaNodePool> pools = m.all(KafkaNodePool.class).stream()
                .filter(p -> cluster.equals(p.getMetadata().getLabels().get("strimzi.io/cluster"))).toList();
        assertThat(pools).as("node pools of %s", cluster).hasSameSizeAs(m.all(KafkaNodePool.class));
        int brokers = pools.stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        int controllers = pools.stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.CONTROLLER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        assertThat(brokers).as("brokers: replication factor 3 needs three").isEqualTo(3);
        assertThat(controllers).as("KRaft controllers: a quorum that survives one loss").isEqualTo(3);
        assertThat(pools).allSatisfy(p -> assertThat(p.getSpec().getStorage()).as(p.getMetadata().getName() + " storage").isNotNull());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void clusterAcceptsOnlyAuthenticatedTlsClientsAndAuthorizesByAcl(String overlay) {
        Kafka kafka = kafka(Overlays.rendered(overlay));
        assertThat(kafka.getSpec().getKafka().getListeners()).isNotEmpty().allSatisfy(listener -> {
            assertThat(listener.isTls()).as("listener %s uses TLS", listener.getName()).isTrue();
            assertThat(listener.getAuth()).as("listener %s authenticates its clients", listener.getName()).isNotNull();
            assertThat(listener.getAuth().getType()).isIn("scram-sha-512", "tls");
        });
        assertThat(kafka.getSpec().getKafka().getAuthorization()).as("authorization").isNotNull();
        assertThat(kafka.getSpec().getKafka().getAuthorization().getType()).isEqualTo("simple");
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        assertThat(config).containsEntry("default.replication.factor", 3).containsEntry("min.insync.replicas", 2)
                .containsEntry("offsets.topic.replication.factor", 3).containsEntry("transaction.state.log.replication.factor", 3)
                .containsEntry("transaction.state.log.min.isr", 2).containsEntry("auto.create.topics.enable", false)
                // the audit writers' back-to-back transactions are not held 20 ms each (docs/operations.md)
                .containsEntry("add.partitions.to.txn.retry.backoff.ms", 2);
        assertThat(kafka.getSpec().getEntityOperator().getTopicOperator()).as("KafkaTopic resources need the Topic Operator").isNotNull();
        assertThat(kafka.getSpec().getEntityOperator().getUserOperator()).as("KafkaUser resources need the User Operator").isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void applicationsReachKafkaAsTheirOwnPrincipalOverTls(String overlay) {
        Manifests m = Overlays.rendered(overlay);
        Kafka kafka = kafka(m);
        GenericKafkaListener tls = kafka.getSpec().getKafka().getListeners().stream().filter(GenericKafkaListener::isTls)
                .findFirst().orElseThrow();
        String caSecret = kafka.getMetadata().getName() + "-cluster-ca-cert";
        Map<String, PodTemplateSpec> apps = Map.of(
                GATEWAY, m.get(StatefulSet.class, GATEWAY).getSpec().getTemplate(),
                CONNECTORS, m.get(Deployment.class, CONNECTORS).getSpec().getTemplate());
        apps.forEach((principal, template) -> {
            Container app = template.getSpec().getContainers().get(0);
            assertThat(Workloads.value(app, "KAFKA_BOOTSTRAP_SERVERS")).as(principal + " bootstrap")
                    .isEqualTo(kafka.getMetadata().getName() + "-kafka-bootstrap:" + tls.getPort());
            assertThat(Workloads.value(app, "KAFKA_SECURITY_PROTOCOL")).as(principal).isEqualTo("SASL_SSL");
            assertThat(Workloads.value(app, "KAFKA_SASL_MECHANISM")).as(principal).isEqualTo("SCRAM-SHA-512");
            assertThat(Workloads.secretRef(app, "KAFKA_SASL_JAAS_CONFIG")).as(principal + " JAAS line: its own KafkaUser's Secret")
                    .containsExactly(principal, "sasl.jaas.config");
            KafkaUser user = m.get(KafkaUser.class, principal);
            assertThat(user.getSpec().getAuthentication()).as(principal + " authentication")
                    .isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            assertThat(Workloads.value(app, "KAFKA_SSL_TRUSTSTORE_TYPE")).isEqualTo("PKCS12");
            assertThat(Workloads.secretRef(app, "KAFKA_SSL_TRUSTSTORE_PASSWORD")).containsExactly(caSecret, "ca.password");
            String location = Workloads.value(app, "KAFKA_SSL_TRUSTSTORE_LOCATION");
            assertThat(mountedSecretFile(template, app, location)).as(principal + ": " + location + " is ca.p12 of " + caSecret)
                    .isEqualTo(caSecret + "/ca.p12");
        });
    }

    /** "secret/key" of the Secret volume that provides {@code path} in the container, or null. */
    static String mountedSecretFile(PodTemplateSpec template, Container container, String path) {
        for (VolumeMount mount : container.getVolumeMounts()) {
            if (!path.startsWith(mount.getMountPath() + "/")) {
                continue;
            }
            String file = path.substring(mount.getMountPath().length() + 1);
            Volume volume = template.getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
                    .findFirst().orElseThrow();
            if (volume.getSecret() == null) {
                return null;
            }
            List<io.fabric8.kubernetes.api.model.KeyToPath> items = volume.getSecret().getItems();
            String key = items == null || items.isEmpty() ? file
                    : items.stream().filter(i -> i.getPath().equals(file)).map(io.fabric8.kubernetes.api.model.KeyToPath::getKey)
                            .findFirst().orElse(null);
            return key == null ? null : volume.getSecret().getSecretName() + "/" + key;
        }
        return null;
    }

    /** Variable names that hold secrets, and the public one among them that looks like one. */
    static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|_KEY|JAAS|TOKEN|CREDENTIAL).*");
    static final Set<String> NOT_SECRET = Set.of(
            "DATARUN_JWT_PUBLIC_KEY", // the JWKS URL: public keys
            "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES"); // a path to a mounted Secret

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void noSecretValueIsWrittenIntoAManifest(String overlay) {
        Manifests m = Overlays.rendered(overlay);
        assertThat(m.all(Secret.class)).as("Secrets are created by the operator or by Strimzi, never shipped").isEmpty();
        m.podTemplates().forEach((workload, template) -> Workloads.containers(template).forEach(container -> {
            for (EnvVar var : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                String where = workload + " " + container.getName() + " " + var.getName();
                if (SECRET_NAME.matcher(var.getName()).matches() && !NOT_SECRET.contains(var.getName())) {
                    assertThat(var.getValue()).as(where + " must come from a Secret, not a value").isNull();
                    assertThat(var.getValueFrom().getSecretKeyRef()).as(where + " must come from a Secret").isNotNull();
                }
                if (var.getValue() != null) {
                    assertThat(var.getValue().toLowerCase()).as(where).doesNotContain("password=");
                }
            }
            List<String> args = new ArrayList<>();
            if (container.getArgs() != null) {
                args.addAll(container.getArgs());
            }
            if (container.getCommand() != null) {
                args.addAll(container.getCommand());
            }
            assertThat(String.join(" ", args).toLowerCase()).as(workload + " command line").doesNotContain("password");
        }));
        m.all(KafkaUser.class).forEach(user -> {
            if (user.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication scram) {
                assertThat(scram.getPassword()).as(user.getMetadata().getName() + ": the User Operator generates the password").isNull();
            }
        });
    }

    /**
     * Kubernetes injects {@code <SERVICE>_PORT=tcp://...} and the like for every Service of the namespace;
     * a Service named {@code kafka} would hand every pod {@code KAFKA_*} variables that look like client
     * settings. Our pods take their settings from what their manifest names, nothing else.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyPodTurnsServiceLinkVariablesOff(String overlay) {
        Overlays.rendered(overlay).podTemplates().forEach((workload, template) ->
                assertThat(template.getSpec().getEnableServiceLinks()).as(workload + " enableServiceLinks").isFalse());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyContainerHasProbesRequestsLimitsAndRunsUnprivileged(String overlay) {
        Manifests m = Overlays.rendered(overlay);
        m.podTemplates().forEach((workload, template) -> {
            Boolean podNonRoot = template.getSpec().getSecurityContext() == null ? null
                    : template.getSpec().getSecurityContext().getRunAsNonRoot();
            Workloads.containers(template).forEach(c -> {
                String where = workload + " container " + c.getName();
                assertThat(c.getLivenessProbe()).as(where + " liveness probe").isNotNull();
                assertThat(c.getReadinessProbe()).as(where + " readiness probe").isNotNull();
                assertThat(c.getResources()).as(where + " resources").isNotNull();
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(c.getResources().getRequests()).as(where + " requests").containsKey(resource);
                    assertThat(c.getResources().getLimits()).as(where + " limits").containsKey(resource);
                    assertThat(Quantity.getAmountInBytes(c.getResources().getRequests().get(resource)))
                            .as(where + " " + resource + " request within its limit")
                            .isLessThanOrEqualTo(Quantity.getAmountInBytes(c.getResources().getLimits().get(resource)));
                }
                Boolean nonRoot = c.getSecurityContext() != null && c.getSecurityContext().getRunAsNonRoot() != null
                        ? c.getSecurityContext().getRunAsNonRoot() : podNonRoot;
                assertThat(nonRoot).as(where + " runAsNonRoot").isTrue();
                assertThat(c.getSecurityContext()).as(where + " securityContext").isNotNull();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(where + " allowPrivilegeEscalation").isFalse();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(where + " capabilities dropped").contains("ALL");
                assertThat(c.getImage()).as(where + " image has a tag").matches(".+:[^/]+$").doesNotEndWith(":latest");
            });
        });
        for (String app : List.of(GATEWAY, CONNECTORS)) {
            PodTemplateSpec template = m.podTemplates().entrySet().stream().filter(e -> e.getKey().endsWith("/" + app))
                    .findFirst().orElseThrow().getValue();
            Container c = template.getSpec().getContainers().get(0);
            assertThat(httpPath(c.getLivenessProbe())).as(app + " liveness").isEqualTo("/q/health/live");
            assertThat(httpPath(c.getReadinessProbe())).as(app + " readiness").isEqualTo("/q/health/ready");
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(app + " read-only root filesystem").isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void strimziManagedPodsHaveRequestsAndLimits(String overlay) {
        Manifests m = Overlays.rendered(overlay);
        Map<String, io.fabric8.kubernetes.api.model.ResourceRequirements> resources = new java.util.TreeMap<>();
        m.all(KafkaNodePool.class).forEach(p -> resources.put("KafkaNodePool " + p.getMetadata().getName(), p.getSpec().getResources()));
        Kafka kafka = kafka(m);
        resources.put("Topic Operator", kafka.getSpec().getEntityOperator().getTopicOperator().getResources());
        resources.put("User Operator", kafka.getSpec().getEntityOperator().getUserOperator().getResources());
        if (kafka.getSpec().getKafkaExporter() != null) {
            resources.put("Kafka Exporter", kafka.getSpec().getKafkaExporter().getResources());
        }
        m.all(KafkaMirrorMaker2.class).forEach(mm -> resources.put("KafkaMirrorMaker2 " + mm.getMetadata().getName(), mm.getSpec().getResources()));
        resources.forEach((what, r) -> {
            assertThat(r).as(what + " resources").isNotNull();
            assertThat(r.getRequests()).as(what + " requests").containsKeys("cpu", "memory");
            assertThat(r.getLimits()).as(what + " limits").containsKeys("cpu", "memory");
            // memory request = limit: the JVM's heap is sized from it and the pod is not evicted first
            assertThat(r.getRequests().get("memory")).as(what + " memory request = limit").isEqualTo(r.getLimits().get("memory"));
        });
    }

    static String httpPath(Probe probe) {
        return probe.getHttpGet() == null ? null : probe.getHttpGet().getPath();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void networkIsDeniedByDefaultAndEveryWorkloadHasItsPolicy(String overlay) {
        Manifests m = Overlays.rendered(overlay);
        assertThat(m.all(NetworkPolicy.class)).as("a policy selecting every pod, denying all ingress and egress")
                .anySatisfy(p -> {
                    assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
                    assertThat(p.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
                    assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
                    assertThat(p.getSpec().getIngress()).isNullOrEmpty();
                    assertThat(p.getSpec().getEgress()).isNullOrEmpty();
                });
        m.podTemplates().forEach((workload, template) -> assertThat(m.all(NetworkPolicy.class))
                .as(workload + ": a policy of its own saying what may reach it and what it may reach")
                .anySatisfy(p -> {
                    Map<String, String> selector = p.getSpec().getPodSelector().getMatchLabels();
                    assertThat(selector).isNotEmpty();
                    assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(selector);
                    assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void gatewayReplicasAdvertiseStableAddressesAndKeepTheirStores(String overlay) {
        Manifests m = Overlays.rendered(overlay);
        StatefulSet gateway = m.get(StatefulSet.class, GATEWAY);
        assertThat(gateway.getSpec().getReplicas()).as("gateway replicas").isEqualTo(isStandby(m) ? 0 : 2);
        Service headless = m.get(Service.class, gateway.getSpec().getServiceName());
        assertThat(headless.getSpec().getClusterIP()).as("the StatefulSet's Service is headless").isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).as("replicas find each other while restoring").isTrue();
        PodTemplateSpec template = gateway.getSpec().getTemplate();
        assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(headless.getSpec().getSelector());
        Container c = Workloads.container(template, "gateway");
        assertThat(Workloads.env(c, "POD_NAME").orElseThrow().getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        String advertised = Workloads.value(c, "DATARUN_GATEWAY_ADVERTISED_ADDRESS");
        String prefix = "$(POD_NAME)." + headless.getMetadata().getName() + ".$(POD_NAMESPACE).svc:";
        assertThat(advertised).as("each replica's address is its own stable DNS name").startsWith(prefix);
        int port = Integer.parseInt(advertised.substring(prefix.length()));
        assertThat(c.getPorts()).extracting(ContainerPort::getContainerPort).as("advertised port is served").contains(port);
        assertThat(headless.getSpec().getPorts()).extracting(p -> p.getPort()).as("advertised port is in the headless Service").contains(port);
        assertThat(Workloads.secretRef(c, "DATARUN_GATEWAY_REPLICA_SECRET")).as("replicas share a secret").isNotNull();
        String stateDir = Workloads.value(c, "DATARUN_GATEWAY_STATE_DIR");
        assertThat(gateway.getSpec().getVolumeClaimTemplates()).as("stores on a volume per replica").isNotEmpty();
        Set<String> claims = new TreeSet<>();
        gateway.getSpec().getVolumeClaimTemplates().forEach(t -> claims.add(t.getMetadata().getName()));
        assertThat(c.getVolumeMounts()).as("the state dir %s is on a claimed volume", stateDir)
                .anySatisfy(mount -> {
                    assertThat(claims).contains(mount.getName());
                    assertThat(stateDir + "/").startsWith(mount.getMountPath() + "/");
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void connectorRuntimesRunTwiceAndNothingWritesIntoAMirroredCluster(String overlay) {
        Manifests m = Overlays.rendered(overlay);
        assertThat(m.get(Deployment.class, CONNECTORS).getSpec().getReplicas()).as("connector runtimes")
                .isEqualTo(isStandby(m) ? 0 : 2);
        for (KafkaMirrorMaker2 mirror : m.all(KafkaMirrorMaker2.class)) {
            // the same topic names on both sides: the applications fail over unchanged
            mirror.getSpec().getMirrors().forEach(mirrorSpec -> assertThat(mirrorSpec.getSourceConnector().getConfig())
                    .containsEntry("replication.policy.class", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy")
                    .containsEntry("consumer.isolation.level", "read_committed"));
        }
    }

    /** A standby site receives MirrorMaker 2's copy and runs no writer until failover. */
    static boolean isStandby(Manifests m) {
        return !m.all(KafkaMirrorMaker2.class).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everySecretReferencedIsMadeByStrimziOrDocumented(String overlay) throws IOException {
        Manifests m = Overlays.rendered(overlay);
        Set<String> strimziMade = new TreeSet<>();
        m.all(Kafka.class).forEach(k -> strimziMade.add(k.getMetadata().getName() + "-cluster-ca-cert"));
        m.all(KafkaUser.class).forEach(u -> strimziMade.add(u.getMetadata().getName()));
        Set<String> referenced = new TreeSet<>();
        m.podTemplates().values().forEach(template -> {
            if (template.getSpec().getVolumes() != null) {
                template.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null)
                        .forEach(v -> referenced.add(v.getSecret().getSecretName()));
            }
            Workloads.containers(template).forEach(c -> {
                if (c.getEnv() != null) {
                    c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                            .forEach(e -> referenced.add(e.getValueFrom().getSecretKeyRef().getName()));
                }
                if (c.getEnvFrom() != null) {
                    c.getEnvFrom().stream().map(EnvFromSource::getSecretRef).filter(Objects::nonNull)
                            .forEach(s -> referenced.add(s.getName()));
                }
            });
        });
        m.all(Ingress.class).forEach(i -> i.getSpec().getTls().forEach(t -> referenced.add(t.getSecretName())));
        m.all(KafkaMirrorMaker2.class).forEach(mm -> {
            List<PasswordSecretSource> passwords = new ArrayList<>();
            addPassword(passwords, mm.getSpec().getTarget().getAuthentication());
            mm.getSpec().getMirrors().forEach(mirror -> addPassword(passwords, mirror.getSource().getAuthentication()));
            passwords.forEach(p -> referenced.add(p.getSecretName()));
            mm.getSpec().getTarget().getTls().getTrustedCertificates().forEach(c -> referenced.add(c.getSecretName()));
            mm.getSpec().getMirrors().forEach(mirror -> mirror.getSource().getTls().getTrustedCertificates()
                    .forEach(c -> referenced.add(c.getSecretName())));
        });
        String readme = Files.readString(Repo.path("deploy/kubernetes/README.md"));
        referenced.removeAll(strimziMade);
        assertThat(referenced).as("Secrets an operator creates: each must be in deploy/kubernetes/README.md")
                .allSatisfy(name -> assertThat(readme).as("README mentions `%s`", name).contains("`" + name + "`"));
    }

    private static void addPassword(List<PasswordSecretSource> passwords, Object authentication) {
        if (authentication instanceof io.strimzi.api.kafka.model.common.authentication.KafkaClientAuthenticationScramSha512 scram) {
            passwords.add(scram.getPasswordSecret());
        }
    }

    static Kafka kafka(Manifests m) {
        assertThat(m.all(Kafka.class)).as("%s: one Kafka cluster", m).hasSize(1);
        return m.all(Kafka.class).get(0);
    }
}
