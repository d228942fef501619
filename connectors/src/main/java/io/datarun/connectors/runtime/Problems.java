package io.datarun.connectors.runtime;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime's problem+json bodies (RFC 9457), shaped as the gateway's: {@code type} is the problem
 * page of {@code code}, and {@code code} is repeated for clients that switch on it.
 */
public final class Problems {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final String TYPE_BASE = "https://datarun.io/problems/";

    private Problems() {
    }

    /** type, title, status, detail and code, in that order; more members may be added to the map. */
    public static Map<String, Object> body(String code, String title, int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + code);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        body.put("code", code);
        return body;
    }

    /** A JAX-RS answer carrying the body, with its status and media type. */
    public static Response response(Map<String, Object> body) {
        return Response.status((Integer) body.get("status")).type(PROBLEM_JSON).entity(body).build();
    }
}
