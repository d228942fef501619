package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The API contract is checked in ({@code docs/openapi.json}) and reviewed like code: when what the
 * gateway serves at {@code /q/openapi} drifts from it, this fails. After an intended change, refresh
 * the file with {@code ./mvnw -pl gateway test -Dtest=OpenApiContractTest -Ddatarun.openapi.write=true}
 * and review the diff.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class OpenApiContractTest {
    static final Path CONTRACT = Path.of("../docs/openapi.json");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @Test
    void theServedOpenApiDocumentIsTheCheckedInContract() throws Exception {
        String served = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().asString();
        String canonical = canonical(JSON.readTree(served));
        if (Boolean.getBoolean("datarun.openapi.write")) {
            Files.writeString(CONTRACT, canonical);
        }
        assertThat(Files.exists(CONTRACT)).as(CONTRACT + " is checked in").isTrue();
        assertThat(canonical).as("/q/openapi differs from " + CONTRACT.normalize() + "; if the change is intended, refresh it "
                + "with -Ddatarun.openapi.write=true and review the diff").isEqualTo(canonical(JSON.readTree(Files.readString(CONTRACT))));
    }

    @Test
    void grantBodiesHaveSchemasInTheContract() throws Exception {
        JsonNode contract = JSON.readTree(Files.readString(CONTRACT));
        assertThat(contract.at("/components/schemas/GrantRequest/properties").has("purposes")).isTrue();
        assertThat(contract.at("/components/schemas/Grant/properties").has("changedAt")).isTrue();
        assertThat(contract.at("/paths/~1api~1v1~1grants/post/requestBody/content/application~1json/schema/$ref").asText())
                .endsWith("GrantRequest");
    }

    private static String canonical(JsonNode node) throws Exception {
        // through a plain map so every object's keys come out sorted
        Object tree = JSON.treeToValue(node, Object.class);
        return JSON.writeValueAsString(tree) + "\n";
    }
}
