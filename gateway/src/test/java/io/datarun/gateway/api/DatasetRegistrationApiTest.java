package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A dataset registered at runtime, on a running gateway: served without a restart, pushed to,
 * granted, deleted from, and evolved only through the compatibility gate.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatasetRegistrationApiTest {
    static final String DATASET = "health.vaccinations";
    static final String BASE = "/api/v1/datasets";
    static final String STEWARD = Tokens.token("health", "steward");
    static final String SUBJECT = TestData.residentId("110105", "19450505", "013");
    static final String PURPOSE = "minimum-living-allowance";

    static String schema(String name) {
        try (InputStream in = DatasetRegistrationApiTest.class.getResourceAsStream("/registration/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(1)
    void whenAStewardOfAnotherDepartmentRegistersThenRefusedAndNothingIsRegistered() {
        given().auth().oauth2(Tokens.token("civil-affairs", "steward")).contentType(ContentType.JSON).body(schema("v1.avsc"))
                .when().post(BASE).then().statusCode(403).body("code", equalTo("not-owner-steward"));
        given().auth().oauth2(Tokens.token("health", "publisher")).contentType(ContentType.JSON).body(schema("v1.avsc"))
                .when().post(BASE).then().statusCode(403).body("code", equalTo("role-required"));
        given().auth().oauth2(STEWARD).when().get(BASE + "/" + DATASET).then().statusCode(404);
    }

    @Test
    @Order(2)
    void whenTheSchemaLacksItsPropertiesThenUnprocessableNamingThem() {
        given().auth().oauth2(STEWARD).contentType(ContentType.JSON).body(schema("v1.avsc").replace("\"datarun.cadence\": \"P7D\",", ""))
                .when().post(BASE).then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("invalid-schema")).body("errors[0].message", containsString("datarun.cadence"));
        given().auth().oauth2(STEWARD).contentType(ContentType.JSON).body("{\"type\": \"record\", \"name\": ")
                .when().post(BASE).then().statusCode(422).body("code", equalTo("invalid-schema"))
                .body("errors[0].field", equalTo("$")); // not even JSON
    }

    @Test
    @Order(3)
    void whenTheOwnersStewardRegistersThenItIsServedPushedGrantedAndDeletedWithoutARestart() {
        given().auth().oauth2(STEWARD).contentType(ContentType.JSON).body(schema("v1.avsc"))
                .when().post(BASE).then().statusCode(201)
                .header("Location", containsString(BASE + "/" + DATASET))
                .body("id", equalTo(DATASET)).body("schemaVersions", equalTo(List.of(1)));
        given().auth().oauth2(STEWARD).contentType(ContentType.JSON).body(schema("v1.avsc"))
                .when().post(BASE).then().statusCode(409).body("code", equalTo("dataset-exists"));

        Map<String, Object> record = Map.of("residentId", SUBJECT, "vaccine", "流感疫苗", "divisionCode", "110105");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(Tokens.token("health", "publisher"))
                .contentType(ContentType.JSON).body(record).when().post(BASE + "/" + DATASET + "/records")
                .then().statusCode(202));
        String reader = Tokens.token("civil-affairs", "clerk");
        given().auth().oauth2(reader).queryParam("purpose", PURPOSE).when().get(BASE + "/" + DATASET + "/records/" + SUBJECT)
                .then().statusCode(403).body("code", equalTo("no-grant"));
        given().auth().oauth2(STEWARD).contentType(ContentType.JSON)
                .body(Map.of("consumer", "civil-affairs", "dataset", DATASET, "fields", List.of("residentId", "vaccine"),
                        "purposes", List.of(PURPOSE)))
                .when().post("/api/v1/grants").then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(reader).queryParam("purpose", PURPOSE)
                .when().get(BASE + "/" + DATASET + "/records/" + SUBJECT)
                .then().statusCode(200).body("fields.vaccine", equalTo("流感疫苗")).body("withheld", hasItem("divisionCode")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(reader).when().get(BASE + "/" + DATASET)
                .then().statusCode(200).body("recordCount", equalTo(1)));

        given().auth().oauth2(Tokens.token("health", "publisher")).when().delete(BASE + "/" + DATASET + "/records/" + SUBJECT)
                .then().statusCode(204);
        given().auth().oauth2(reader).queryParam("purpose", PURPOSE).when().get(BASE + "/" + DATASET + "/records/" + SUBJECT)
                .then().statusCode(404);
    }

    @Test
    @Order(4)
    void whenANewVersionBreaksEarlierReadersThenConflictNamesTheFieldAndTheRule() {
        given().auth().oauth2(STEWARD).contentType(ContentType.JSON)
                // compatibility is answered before the rest of the body is looked at: the version number is wrong too
                .body(schema("v2-incompatible.avsc").replace("\"datarun.version\": 2", "\"datarun.version\": 7"))
                .when().post(BASE + "/" + DATASET + "/versions").then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("schema-incompatible"))
                .body("errors[0].message", containsString("READER_FIELD_MISSING_DEFAULT_VALUE"))
                .body("errors[0].message", containsString("batchNumber"));
        given().auth().oauth2(STEWARD).when().get(BASE + "/" + DATASET).then().body("schemaVersions", equalTo(List.of(1)));
    }

    @Test
    @Order(5)
    void whenANewVersionIsCompatibleThenTheCatalogShowsBothVersions() {
        given().auth().oauth2(Tokens.token("civil-affairs", "steward")).contentType(ContentType.JSON)
                .body(schema("v2-compatible.avsc")).when().post(BASE + "/" + DATASET + "/versions")
                .then().statusCode(403).body("code", equalTo("not-owner-steward"));
        given().auth().oauth2(STEWARD).contentType(ContentType.JSON).body(schema("v2-compatible.avsc"))
                .when().post(BASE + "/" + DATASET + "/versions").then().statusCode(201)
                .body("schemaVersion", equalTo(2)).body("schemaVersions", equalTo(List.of(1, 2)));
        given().auth().oauth2(STEWARD).contentType(ContentType.JSON).body(schema("v2-compatible.avsc"))
                .when().post(BASE + "/" + DATASET + "/versions").then().statusCode(409).body("code", equalTo("version-clash"));
        given().auth().oauth2(Tokens.token("health", "publisher")).contentType(ContentType.JSON)
                .body(Map.of("residentId", SUBJECT, "vaccine", "新冠疫苗", "divisionCode", "110105", "dose", 3))
                .when().post(BASE + "/" + DATASET + "/records").then().statusCode(202);
    }
}
