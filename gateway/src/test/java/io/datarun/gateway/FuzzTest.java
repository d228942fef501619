package io.datarun.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bounded fuzz run: thousands of malformed requests (random paths, parameters, headers, bodies
 * and tokens) over every endpoint, the grants API included. None may answer 5xx; none may carry the
 * value of a field its caller is not granted (the {@code ethnicity} canary — unless a fuzzed admin
 * granted that field to the caller's department before the request, which the run tracks); none
 * answering a token with a {@code divisions} claim may carry a resident registered elsewhere (the
 * division canary); no overflowing number may be stored. Seeded, so a failure replays; bounded by
 * count and by a 50 s deadline.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class FuzzTest {
    static final long SEED = Long.getLong("fuzz.seed", 20261127L);
    static final int REQUESTS = Integer.getInteger("fuzz.requests", 3000);
    static final Duration DEADLINE = Duration.ofSeconds(50);
    static final String CANARY = "CANARY-FUZZ-ETHNICITY-0D9B3C";
    static final String SUBJECT = TestData.residentId("110105", "19480808", "066");
    /** A resident of Haidian (110108): no token whose divisions claim is fuzzed here reaches it (junk holds no '8'). */
    static final String DIVISION_CANARY = "CANARY-FUZZ-HAIDIAN-NAME-5E21A7";
    static final String FAR = TestData.residentId("110108", "19490909", "087");
    static final String DATASET = TestData.DATASET;

    // the vocabulary a request is assembled from; ethnicity, the canary's field, is in it: fuzzed grants
    // may name it, and an answer carrying the canary is a leak unless such a grant came first
    static final List<String> DATASETS = List.of(DATASET, "civil-affairs.marital-status", "civil-affairs.household-income",
            "no.such", "", "..", "%2e%2e", "public-security.household-registry%00", "a".repeat(300));
    static final List<String> SUBJECTS = List.of(SUBJECT, SUBJECT.toLowerCase(), SUBJECT.substring(0, 17),
            "110105194808080661", FAR, FAR, "' OR 1=1 --", "%00", "../../etc/passwd", "x".repeat(2000), "９１１", "null", "-1");
    static final List<String> PURPOSES = List.of("minimum-living-allowance", "elderly-health-checkup", "pension-insurance",
            "", "unused-purpose", "%", "<script>", "a".repeat(5000));
    static final List<String> DEPARTMENTS = List.of("civil-affairs", "health", "market-regulation", "data-administration",
            "", "PUBLIC-SECURITY", "public-security ");
    static final List<String> ROLES = List.of("clerk", "publisher", "steward", "auditor", "admin", "root", "");
    static final List<String> FIELDS = List.of("name", "residentId", "gender", "birthDate", "maritalStatus", "ethnicity",
            "ethnicity", "monthlyIncomeYuan", "nope", "");
    /** Numbers no double, int or long field can hold as sent. */
    static final List<String> OVERFLOWS = List.of("1e999", "-1e999", "1e-999", "\"1e999\"", "99999999999999999999",
            "1E400", "-0", "4.9e-325");
    static final List<String> METHODS = List.of("GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void publish() throws Exception {
        Map<String, Object> resident = new java.util.LinkedHashMap<>(
                TestData.resident(SUBJECT, "孙桂兰", "FEMALE", "北京市朝阳区安贞路3号"));
        resident.put("ethnicity", CANARY);
        TestData.publish(resident, TestData.resident(FAR, DIVISION_CANARY, "MALE", "北京市海淀区中关村大街1号"));
    }

    /** A fuzzed token and what it claims (when it is one the gateway accepts). */
    record Token(String jwt, String department, boolean divisionLimited) {
    }

    /** A fuzzed request, the token it carries. */
    record Fuzzed(HttpRequest request, Token token, String body) {
    }

    /** A canary answered to a department at a moment: a leak unless an ethnicity grant to it was requested earlier. */
    record Sighting(String department, long receivedAt, String what) {
    }

    @Test
    void whenThousandsOfMalformedRequestsArriveThenNoneFailsWithA5xxOrLeaksAWithheldValue() throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().auth().oauth2(Tokens.token("public-security", "clerk")).queryParam("purpose", "minimum-living-allowance")
                        .when().get("/api/v1/datasets/" + DATASET + "/records/" + FAR).then().statusCode(200));
        // positive controls: the owner sees the withheld value, the department-wide consumer the Haidian
        // resident; so the checks below can see a leak
        assertThat(given().auth().oauth2(Tokens.token("public-security", "clerk")).queryParam("purpose", "minimum-living-allowance")
                .when().get("/api/v1/datasets/" + DATASET + "/records/" + SUBJECT).asString()).contains(CANARY);
        assertThat(given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).queryParam("purpose", "minimum-living-allowance")
                .when().get("/api/v1/datasets/" + DATASET + "/records/" + FAR).asString()).contains(DIVISION_CANARY);
        assertThat(given().auth().oauth2(Tokens.withDivisions("civil-affairs", List.of("110105"), "clerk"))
                .queryParam("purpose", "minimum-living-allowance")
                .when().get("/api/v1/datasets/" + DATASET + "/records/" + FAR).then().extract().statusCode()).isEqualTo(404);

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Instant deadline = Instant.now().plus(DEADLINE);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger unsendable = new AtomicInteger();
        AtomicInteger limitedAskingForFar = new AtomicInteger();
        AtomicInteger askingForEthnicity = new AtomicInteger();
        List<Sighting> sightings = Collections.synchronizedList(new ArrayList<>());
        // department -> when (nanoTime) a grant naming ethnicity to it was first requested, for grants that were made
        Map<String, Long> ethnicityGrants = new ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            long requestSeed = SEED * 31 + i;
            futures.add(pool.submit(() -> {
                if (Instant.now().isAfter(deadline)) {
                    return;
                }
                Random random = new Random(requestSeed);
                Fuzzed fuzzed;
                try {
                    fuzzed = request(random);
                } catch (IllegalArgumentException notSendable) {
                    unsendable.incrementAndGet(); // the client itself refuses e.g. a control character in a header
                    return;
                }
                HttpRequest request = fuzzed.request();
                String asked = request.uri() + " " + fuzzed.body();
                if (fuzzed.token().divisionLimited() && asked.contains(FAR)) {
                    limitedAskingForFar.incrementAndGet();
                }
                if (asked.contains("ethnicity")) {
                    askingForEthnicity.incrementAndGet();
                }
                try {
                    long sentAt = System.nanoTime();
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    long receivedAt = System.nanoTime();
                    sent.incrementAndGet();
                    if (request.uri().getPath().startsWith("/api/v1/grants") && response.statusCode() / 100 == 2
                            && response.body().contains("ethnicity")) {
                        var grant = io.restassured.path.json.JsonPath.from(response.body());
                        List<String> fields = grant.getList("fields");
                        if (fields != null && fields.contains("ethnicity")) {
                            ethnicityGrants.merge(grant.getString("consumer"), sentAt, Math::min);
                        }
                    }
                    statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    String answer = response.headers().map() + "\n" + response.body();
                    // 503 busy with Retry-After is a bound working as designed (issue 12, finding 11), not a failure
                    boolean busy = response.statusCode() == 503 && response.body().contains("\"code\":\"busy\"")
                            && response.headers().firstValue("Retry-After").isPresent();
                    if (response.statusCode() >= 500 && !busy) {
                        failures.add("seed " + requestSeed + ": " + request.method() + " " + request.uri() + " -> "
                                + response.statusCode() + " " + abbreviate(response.body()));
                    }
                    if (answer.contains(CANARY)) {
                        sightings.add(new Sighting(fuzzed.token().department(), receivedAt,
                                "seed " + requestSeed + ": " + request.method() + " " + request.uri() + " -> " + response.statusCode()));
                    }
                    if (fuzzed.token().divisionLimited() && answer.contains(DIVISION_CANARY)) {
                        failures.add("seed " + requestSeed + ": " + request.method() + " " + request.uri()
                                + " showed a resident outside the token's divisions");
                    }
                    if (answer.contains("Infinity")) {
                        failures.add("seed " + requestSeed + ": " + request.method() + " " + request.uri() + " answered an Infinity");
                    }
                } catch (java.io.IOException e) {
                    failures.add("seed " + requestSeed + ": " + request.method() + " " + request.uri() + " -> " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        revokeFuzzedGrants();
        // the withheld value is a leak unless the caller's department had been granted it by a request sent before
        for (Sighting sighting : sightings) {
            Long grantedAt = ethnicityGrants.get(sighting.department());
            if (grantedAt == null || grantedAt > sighting.receivedAt()) {
                failures.add(sighting.what() + " leaked the withheld value to " + sighting.department());
            }
        }
        failures.addAll(storedOverflows());
        System.out.printf("fuzz: seed=%d sent=%d unsendable=%d statuses=%s ethnicity: asked=%d granted to=%s seen=%d; "
                        + "limited tokens asking for the Haidian resident=%d%n", SEED, sent.get(), unsendable.get(), statuses,
                askingForEthnicity.get(), ethnicityGrants.keySet(), sightings.size(), limitedAskingForFar.get());
        assertThat(failures).as("requests answered 5xx or leaking").isEmpty();
        assertThat(askingForEthnicity.get()).as("requests naming the canary's field").isPositive();
        assertThat(limitedAskingForFar.get()).as("division-limited requests for the Haidian resident").isPositive();
        assertThat(sent.get()).as("requests actually sent before the deadline").isGreaterThanOrEqualTo(2000);
        // the run reached past authentication and validation, not only the 401 door
        assertThat(statuses.keySet()).contains(200, 400, 401, 403, 404);
    }

    /** Every number stored by a fuzzed push is finite (an overflow is a rejected item, never an Infinity). */
    static List<String> storedOverflows() {
        List<String> found = new ArrayList<>();
        for (String dataset : List.of(DATASET, "civil-affairs.household-income")) {
            for (var record : CommittedTopic.all(io.datarun.schemas.wire.Topics.records(dataset))) {
                if (record.value() == null) {
                    continue;
                }
                var decoded = TestData.CODEC.decode(dataset, record.value());
                for (var field : decoded.getSchema().getFields()) {
                    Object value = decoded.get(field.name());
                    if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
                        found.add(dataset + " " + record.key() + " stored " + field.name() + "=" + value);
                    }
                }
            }
        }
        return found;
    }

    /** A fuzzed admin may have made a valid grant by chance; other tests share this broker. */
    static void revokeFuzzedGrants() {
        String admin = Tokens.token("data-administration", "admin");
        List<String> ids = given().auth().oauth2(admin).when().get("/api/v1/grants").then().statusCode(200)
                .extract().path("findAll { it.createdBy != null && it.createdBy.startsWith('fuzz-') }.id");
        ids.forEach(id -> given().auth().oauth2(admin).when().delete("/api/v1/grants/" + id).then().statusCode(204));
    }

    Fuzzed request(Random random) {
        String method = pick(random, METHODS);
        String path = path(random);
        String query = query(random);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path + query))
                .timeout(Duration.ofSeconds(20));
        Token token = token(random);
        if (token.jwt() != null) {
            builder.header("Authorization", ascii(random.nextInt(10) == 0 ? token.jwt() : "Bearer " + token.jwt()));
        }
        if (random.nextInt(4) == 0) {
            builder.header("X-Request-Id", ascii(junk(random, random.nextInt(3) == 0 ? 500 : 20)));
        }
        if (random.nextInt(6) == 0) {
            builder.header("Accept", pick(random, List.of("application/xml", "*/*", "text/html", "application/problem+json")));
        }
        String body = random.nextInt(3) == 0 ? null : body(random);
        if (body != null) {
            builder.header("Content-Type", pick(random, List.of("application/json", "application/json", "text/plain",
                    "application/x-www-form-urlencoded", "application/json; charset=latin1", "")));
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return new Fuzzed(builder.method(method, publisher).build(), token, body == null ? "" : body);
    }

    static String path(Random random) {
        String dataset = enc(pick(random, DATASETS));
        String subject = enc(pick(random, SUBJECTS));
        String grant = enc(pick(random, List.of("g-" + java.util.UUID.randomUUID(), "file-000000000000", "", "%2F", "1")));
        String form = enc(pick(random, List.of("income-survey", "allowance-review", "nope", "..", "")));
        String path = switch (random.nextInt(16)) {
            case 0 -> "/api/v1/datasets";
            case 1 -> "/api/v1/datasets/" + dataset;
            case 2, 3 -> "/api/v1/datasets/" + dataset + "/records/" + subject;
            case 4 -> "/api/v1/datasets/" + dataset + "/records";
            case 5 -> "/api/v1/datasets/" + dataset + "/changes";
            case 6 -> "/api/v1/subjects/" + subject;
            case 7 -> "/api/v1/grants";
            case 8 -> "/api/v1/grants/" + grant;
            case 9 -> "/api/v1/forms/" + form + "/prefill";
            case 10 -> "/api/v1/forms/" + form + "/submissions";
            case 11 -> "/api/v1/disputes" + (random.nextBoolean() ? "" : "/" + grant + (random.nextBoolean() ? "" : "/resolution"));
            case 12 -> "/api/v1/audit" + (random.nextBoolean() ? "" : "/verify");
            case 13 -> "/api/v1/reports/" + pick(random, List.of("usage", "forms", "nope"));
            case 14 -> "/internal/v1/replica/records/" + dataset + "/" + subject;
            default -> "/api/v1/" + enc(junk(random, 12)) + "/" + enc(junk(random, 8));
        };
        return random.nextInt(20) == 0 ? path + "/" : path;
    }

    static String query(Random random) {
        List<String> params = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String value = switch (random.nextInt(9)) {
                case 0, 1 -> pick(random, PURPOSES);
                case 2 -> Integer.toString(random.nextInt(2000) - 500);
                case 3 -> Base64.getUrlEncoder().encodeToString(junk(random, 20).getBytes(StandardCharsets.UTF_8));
                case 4 -> Base64.getUrlEncoder().withoutPadding().encodeToString(
                        ("v1:" + random.nextInt(5) + "=" + (random.nextLong() % 100000)).getBytes(StandardCharsets.UTF_8));
                case 5 -> pick(random, List.of("2026-11-27T00:00:00Z", "yesterday", "9999-99-99T99:99:99Z", ""));
                case 6 -> pick(random, SUBJECTS);
                case 7 -> String.join(",", pick(random, DATASETS), pick(random, DATASETS));
                default -> junk(random, 30);
            };
            String name = pick(random, List.of("purpose", "purpose", "subject", "after", "limit", "from", "to", "caller",
                    "dataset", "datasets", "consumer", "status", "checkpoint", junk(random, 5)));
            params.add(enc(name) + "=" + enc(value));
        }
        return params.isEmpty() ? "" : "?" + String.join("&", params);
    }

    static Token token(Random random) {
        Set<String> roles = Set.of(pick(random, ROLES), pick(random, ROLES));
        String department = pick(random, DEPARTMENTS);
        var claims = Jwt.issuer(Tokens.ISSUER).audience("datarun").subject("fuzz-" + random.nextInt(1000))
                .claim("dept", department).groups(roles)
                .expiresAt(Instant.now().plusSeconds(600));
        // only a validly signed token with a divisions claim counts as limited; the rest are refused at the door
        int kind = random.nextInt(12);
        String jwt = jwt(random, claims, kind);
        return new Token(jwt, department, kind == 6);
    }

    static String jwt(Random random, io.smallrye.jwt.build.JwtClaimsBuilder claims, int kind) {
        switch (kind) {
            case 0:
                return null;
            case 1:
                return junk(random, 40);
            case 2: // expired
                return claims.expiresAt(Instant.now().minusSeconds(60)).sign(Tokens.PRIVATE_KEY);
            case 3: { // tampered payload: claims a department the signature does not cover
                String[] parts = claims.sign(Tokens.PRIVATE_KEY).split("\\.");
                String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                        "{\"iss\":\"https://datarun.local/dev\",\"aud\":\"datarun\",\"sub\":\"x\",\"dept\":\"public-security\",\"groups\":[\"admin\"],\"exp\":9999999999}"
                                .getBytes(StandardCharsets.UTF_8));
                return parts[0] + "." + forged + "." + parts[2];
            }
            case 4: // alg none
                return Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                        + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                                "{\"sub\":\"x\",\"dept\":\"public-security\",\"groups\":[\"admin\"]}".getBytes(StandardCharsets.UTF_8)) + ".";
            case 5:
                return Jwt.issuer("https://evil.example").audience("datarun").subject("x").claim("dept", "civil-affairs")
                        .groups("clerk").sign(Tokens.PRIVATE_KEY);
            case 6: // divisions claim in odd shapes
                return claims.claim("divisions", random.nextBoolean() ? List.of("110105", junk(random, 6)) : List.of())
                        .sign(Tokens.PRIVATE_KEY);
            default:
                return claims.sign(Tokens.PRIVATE_KEY);
        }
    }

    static String body(Random random) {
        return switch (random.nextInt(11)) {
            case 0 -> junk(random, random.nextInt(200));
            case 1 -> "{\"consumer\":\"" + pick(random, DEPARTMENTS) + "\",\"dataset\":\"" + pick(random, DATASETS)
                    + "\",\"fields\":[\"" + pick(random, FIELDS) + "\"],\"purposes\":[\"" + pick(random, PURPOSES)
                    + "\"],\"divisions\":" + pick(random, List.of("[\"110105\"]", "[]", "\"110105\"", "[1]", "null"))
                    + ",\"expires\":" + pick(random, List.of("\"2030-01-01\"", "\"2001-01-01\"", "20300101", "null", "\"x\"")) + "}";
            case 2 -> "{\"subject\":\"" + pick(random, SUBJECTS) + "\",\"purpose\":\"" + pick(random, PURPOSES)
                    + "\",\"seal\":\"" + junk(random, 30) + "\",\"values\":{\"" + pick(random, FIELDS) + "\":" + pick(random,
                    List.of("1e999", "\"x\"", "[]", "{}", "null", "-0", "99999999999999999999999")) + "}}";
            case 3 -> "[" + "{},".repeat(random.nextInt(50)) + "{}]";
            case 4 -> "[".repeat(random.nextInt(3000)) + "]".repeat(random.nextInt(10));
            case 5 -> "{\"dataset\":\"" + DATASET + "\",\"subjectId\":\"" + pick(random, SUBJECTS) + "\",\"field\":\""
                    + pick(random, FIELDS) + "\",\"comment\":\"" + junk(random, 50) + "\",\"purpose\":\"" + pick(random, PURPOSES) + "\"}";
            case 6 -> "{\"residentId\":\"" + pick(random, SUBJECTS) + "\",\"name\":" + pick(random, List.of("\"x\"", "1", "null", "{}"))
                    + ",\"divisionCode\":\"" + junk(random, 6) + "\"}";
            // record-shaped with numbers no field can hold; valid otherwise, so a publisher's push reaches the coercion
            case 9 -> "{\"residentId\":\"" + pick(random, SUBJECTS) + "\",\"monthlyIncomeYuan\":" + pick(random, OVERFLOWS)
                    + ",\"householdSize\":" + pick(random, OVERFLOWS) + ",\"divisionCode\":\"110105\","
                    + "\"updatedAt\":\"2026-11-20T10:00:00\"}";
            case 7 -> "{\"outcome\":\"" + pick(random, List.of("corrected", "rejected", "maybe", "")) + "\",\"reason\":null}";
            case 8 -> "\"" + "\\u0000".repeat(random.nextInt(20)) + "\"";
            default -> "";
        };
    }

    static String junk(Random random, int length) {
        String alphabet = "abcXYZ019-_.~!*'();:@&=+$,/?#[]%\"<>\\^`{|} \t\u00e9\u4e2d\u0000\uD83D\uDE00";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        // never a lone surrogate, which no client can send
        return out.toString().replaceAll("[\\uD800-\\uDFFF]", "?");
    }

    /** Header values: printable ASCII only, as HTTP/1.1 clients send them. */
    static String ascii(String value) {
        return value.replaceAll("[^\\x20-\\x7e]", "_");
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%252e", "%2e");
    }

    static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
