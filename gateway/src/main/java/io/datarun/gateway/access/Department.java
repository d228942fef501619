package io.datarun.gateway.access;

import java.util.Map;

/**
 * A department of the directory: its code (what tokens, grants and datasets name) and its name in
 * zh-CN and English (what a clerk or a resident reads).
 */
public record Department(String code, Map<String, String> name) {
    public Department {
        name = Map.copyOf(name);
    }
}
