package io.datarun.gateway.access;

import java.util.Map;

/** A registered reason to read data; every read names one and it is recorded. */
public record Purpose(String code, Map<String, String> title) {
}
