package io.datarun.testkit;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/**
 * The gateway's API as a caller: {@code api.as("civil-affairs", "clerk")} is a RestAssured request
 * carrying a bearer token of that department and those roles, minted by whatever signs tokens for
 * the suite (a test key, the DEV-ONLY key of a packaged stack).
 */
public final class Api {
    /** Mints a token for a department and its roles. */
    @FunctionalInterface
    public interface Tokens {
        String mint(String department, String... roles);
    }

    private final String baseUri;
    private final Tokens tokens;

    /** @param baseUri the gateway's address; null: RestAssured's default (a {@code @QuarkusTest}'s application) */
    public Api(String baseUri, Tokens tokens) {
        this.baseUri = baseUri;
        this.tokens = tokens;
    }

    /** A request as a user of {@code department} with {@code roles}. */
    public RequestSpecification as(String department, String... roles) {
        return anonymous().auth().oauth2(tokens.mint(department, roles));
    }

    /** A request without a token. */
    public RequestSpecification anonymous() {
        RequestSpecification request = given();
        return baseUri == null ? request : request.baseUri(baseUri);
    }
}
