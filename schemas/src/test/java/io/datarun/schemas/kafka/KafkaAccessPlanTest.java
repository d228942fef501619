package io.datarun.schemas.kafka;

import static io.datarun.schemas.kafka.KafkaAccessPlan.ADMIN;
import static io.datarun.schemas.kafka.KafkaAccessPlan.CONNECTORS;
import static io.datarun.schemas.kafka.KafkaAccessPlan.GATEWAY;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datarun.schemas.wire.Topics;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;

class KafkaAccessPlanTest {
    private static final String DATASET = Topics.records("civil-affairs.marital-status");
    private static final String LATER_DATASET = Topics.records("natural-resources.land-parcels");
    private final KafkaAccessPlan plan = KafkaAccessPlan.forDepartments(List.of("civil-affairs", "public-security"));

    @Test
    void theProcessesTheOperatorAndEachDepartmentHaveAPrincipal() {
        assertThat(plan.principals()).extracting(KafkaAccessPlan.Principal::name)
                .containsExactly(GATEWAY, CONNECTORS, ADMIN, "dept-civil-affairs", "dept-public-security");
        assertThat(plan.principal("dept-civil-affairs").kafkaPrincipal()).isEqualTo("User:dept-civil-affairs");
    }

    @Test
    void aDepartmentPrincipalCanNeitherReadDatasetsNorWriteGrantsAuditOrDatasets() {
        String dept = "dept-civil-affairs";
        assertThat(plan.principal(dept).acls()).isEmpty();
        for (String topic : List.of(DATASET, Topics.deadLetters("civil-affairs.marital-status"), LATER_DATASET)) {
            assertThat(plan.allows(dept, TOPIC, topic, READ)).as("read " + topic).isFalse();
            assertThat(plan.allows(dept, TOPIC, topic, WRITE)).as("write " + topic).isFalse();
        }
        assertThat(plan.allows(dept, TOPIC, Topics.GRANTS, WRITE)).isFalse();
        assertThat(plan.allows(dept, TOPIC, Topics.AUDIT, WRITE)).isFalse();
    }

    @Test
    void datasetsAddedLaterAreCoveredByThePrefixWithoutANewAcl() {
        for (String principal : List.of(GATEWAY, CONNECTORS)) {
            for (AclOperation op : List.of(READ, WRITE, CREATE, DESCRIBE)) {
                assertThat(plan.allows(principal, TOPIC, LATER_DATASET, op)).as(principal + " " + op).isTrue();
                assertThat(plan.allows(principal, TOPIC, LATER_DATASET + ".dlq", op)).as(principal + " dlq " + op).isTrue();
            }
        }
    }

    @Test
    void connectorsReachTheirOwnInternalTopicsButNoOtherInternalTopic() {
        assertThat(plan.allows(CONNECTORS, TOPIC, Topics.CONNECTOR_OFFSETS, WRITE)).isTrue();
        assertThat(plan.allows(CONNECTORS, TOPIC, Topics.CONNECTOR_RUNTIMES, READ)).isTrue();
        assertThat(plan.allows(CONNECTORS, TOPIC, Topics.DECLARATIONS, READ)).isTrue();
        assertThat(plan.allows(CONNECTORS, TOPIC, Topics.DECLARATIONS, WRITE)).isTrue();
        assertThat(plan.allows(CONNECTORS, TOPIC, Topics.DECLARATIONS, CREATE)).isTrue();
        assertThat(KafkaAccessPlan.deniedToConnectors())
                .containsExactlyInAnyOrder(Topics.GRANTS, Topics.AUDIT, Topics.DISPUTES, Topics.ACCESS_LOG, Topics.FORM_LEDGER);
        for (String internal : KafkaAccessPlan.deniedToConnectors()) {
            for (AclOperation op : List.of(READ, WRITE, DESCRIBE, CREATE)) {
                assertThat(plan.allows(CONNECTORS, TOPIC, internal, op)).as(op + " " + internal).isFalse();
            }
        }
    }

    @Test
    void everyInternalTopicIsEitherTheConnectorsOwnOrDeniedToThem() {
        // a new internal topic added to Topics.internal() is closed to the connectors by default
        for (String internal : Topics.internal()) {
            if (internal.equals(Topics.SCHEMAS)) {
                continue; // read, not written: below
            }
            boolean own = internal.equals(Topics.CONNECTOR_OFFSETS) || internal.equals(Topics.CONNECTOR_RUNTIMES)
                    || internal.equals(Topics.DECLARATIONS);
            assertThat(plan.allows(CONNECTORS, TOPIC, internal, WRITE) || plan.allows(CONNECTORS, TOPIC, internal, READ))
                    .as(internal).isEqualTo(own);
        }
    }

    @Test
    void connectorsFollowTheSchemasTopicButOnlyTheGatewayRegistersSchemas() {
        assertThat(plan.allows(CONNECTORS, TOPIC, Topics.SCHEMAS, READ)).isTrue();
        assertThat(plan.allows(CONNECTORS, TOPIC, Topics.SCHEMAS, DESCRIBE)).isTrue();
        assertThat(plan.allows(CONNECTORS, TOPIC, Topics.SCHEMAS, WRITE)).isFalse();
        assertThat(plan.allows(CONNECTORS, TOPIC, Topics.SCHEMAS, CREATE)).isFalse();
        assertThat(plan.allows(GATEWAY, TOPIC, Topics.SCHEMAS, WRITE)).isTrue();
    }

    @Test
    void theGatewayReachesEveryDatarunTopicAndKafkaStreamsOwnResources() {
        for (String internal : Topics.internal()) {
            assertThat(plan.allows(GATEWAY, TOPIC, internal, WRITE)).as(internal).isTrue();
        }
        assertThat(plan.allows(GATEWAY, TOPIC, "datarun-gateway-records.civil-affairs.marital-status-changelog",
                AclOperation.DELETE)).isTrue();
        assertThat(plan.allows(GATEWAY, GROUP, "datarun-gateway", READ)).isTrue();
        assertThat(plan.allows(GATEWAY, TRANSACTIONAL_ID, "datarun-gateway-audit-gateway", WRITE)).isTrue();
        assertThat(plan.allows(GATEWAY, TRANSACTIONAL_ID, "datarun-gateway-audit-gateway~3", WRITE))
                .as("a replica's further audit chains").isTrue();
        assertThat(plan.allows(GATEWAY, TRANSACTIONAL_ID, "datarun-connector-household", WRITE))
                .as("the gateway cannot fence a connector").isFalse();
        assertThat(plan.allows(CONNECTORS, TRANSACTIONAL_ID, "datarun-gateway-audit-gateway", WRITE))
                .as("a connector cannot fence the audit writer").isFalse();
        assertThat(plan.allows(CONNECTORS, GROUP, "datarun-gateway", READ)).isFalse();
    }

    @Test
    void theOperatorMayDoEverything() {
        assertThat(plan.allows(ADMIN, TOPIC, Topics.AUDIT, WRITE)).isTrue();
        assertThat(plan.allows(ADMIN, GROUP, "console-consumer-42", READ)).isTrue();
    }

    @Test
    void bindingsAreOnePerPrincipalResourceAndOperationFromAnyHost() {
        List<AclBinding> bindings = plan.aclBindings();
        int expected = plan.principals().stream().flatMap(p -> p.acls().stream()).mapToInt(a -> a.operations().size()).sum();
        assertThat(bindings).hasSize(expected).doesNotHaveDuplicates();
        assertThat(bindings).allSatisfy(b -> assertThat(b.entry().host()).isEqualTo("*"));
        assertThat(bindings).anySatisfy(b -> {
            assertThat(b.pattern().name()).isEqualTo(Topics.GRANTS);
            assertThat(b.pattern().patternType()).isEqualTo(PatternType.LITERAL);
            assertThat(b.entry().principal()).isEqualTo("User:" + CONNECTORS);
            assertThat(b.entry().permissionType()).isEqualTo(AclPermissionType.DENY);
        });
        assertThat(bindings).noneMatch(b -> b.entry().principal().startsWith("User:dept-"));
    }

    @Test
    void aDepartmentCodeMustBeOneTheGatewayAccepts() {
        assertThatThrownBy(() -> KafkaAccessPlan.forDepartments(Set.of("Civil Affairs")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Civil Affairs");
    }

    @Test
    void theBundledSchemasDepartmentsEachGetAPrincipal() {
        assertThat(KafkaAccessPlan.forBundledSchemas().principals()).extracting(KafkaAccessPlan.Principal::name)
                .contains("dept-civil-affairs", "dept-public-security", "dept-market-regulation");
    }
}
