package io.datarun.gateway.access;

import io.datarun.schemas.options.Option;
import java.util.Map;

/**
 * A department of the directory: its code (what tokens, grants and datasets name) and its name in
 * zh-CN and English (what a clerk or a resident reads).
 */
public record Department(
        @Option(description = "the code tokens, grants and datasets name, such as `civil-affairs`") String code,
        @Option(description = "the department's name by language (`zh-CN`, `en`)", entries = "<language>")
        Map<String, String> name) {
    public Department {
        name = Map.copyOf(name);
    }
}
