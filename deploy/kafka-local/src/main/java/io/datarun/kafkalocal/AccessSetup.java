package io.datarun.kafkalocal;

import io.datarun.schemas.kafka.KafkaAccessPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * Gives a secured cluster its principals and exactly the access plan's ACLs: a SCRAM-SHA-512
 * credential per user of the credentials folder (created or replaced, so a changed password takes
 * effect), then every ACL of the plan that is missing created and every ACL not in the plan deleted.
 * Run by the brokers' own identity over the internal listener, so it works before any SCRAM user
 * exists. Idempotent: the local broker runs it at every start.
 */
public final class AccessSetup {
    private static final int SCRAM_ITERATIONS = 8192;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private AccessSetup() {
    }

    /** What an apply changed, for the broker's start line. */
    public record Applied(int users, int aclsCreated, int aclsDeleted) {
    }

    public static Applied apply(Map<String, Object> brokerClientProperties, KafkaCredentials credentials,
            KafkaAccessPlan plan, String clientBootstrapServers) {
        try (Admin admin = Admin.create(brokerClientProperties)) {
            List<UserScramCredentialAlteration> upserts = new ArrayList<>();
            for (String user : credentials.users()) {
                upserts.add(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), credentials.password(user)));
            }
            admin.alterUserScramCredentials(upserts).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

            Set<AclBinding> wanted = new HashSet<>(plan.aclBindings());
            Set<AclBinding> present = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            List<AclBinding> missing = wanted.stream().filter(b -> !present.contains(b)).toList();
            List<AclBindingFilter> extra = present.stream().filter(b -> !wanted.contains(b)).map(AclBinding::toFilter).toList();
            if (!extra.isEmpty()) {
                admin.deleteAcls(extra).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (!missing.isEmpty()) {
                admin.createAcls(missing).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            awaitScramLogin(credentials, clientBootstrapServers);
            return new Applied(upserts.size(), missing.size(), extra.size());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot apply the access plan to the local Kafka: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying the access plan", e);
        }
    }

    /**
     * Waits until the operator can log in on the client listener: a new credential reaches each
     * broker's cache through the metadata log a moment after the controller committed it.
     */
    private static void awaitScramLogin(KafkaCredentials credentials, String bootstrapServers) throws InterruptedException {
        Map<String, Object> admin = new java.util.HashMap<>(credentials.clientProperties(KafkaAccessPlan.ADMIN, bootstrapServers));
        admin.put("request.timeout.ms", 5000);
        admin.put("default.api.timeout.ms", 5000);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try (Admin client = Admin.create(admin)) {
                client.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the operator cannot log in to " + bootstrapServers + " after "
                            + TIMEOUT.toSeconds() + " s: " + e.getMessage(), e);
                }
                Thread.sleep(200);
            }
        }
    }
}
