package io.datarun.gateway.access;

import io.datarun.schemas.options.Option;
import java.util.Map;

/** A registered reason to read data; every read names one and it is recorded. */
public record Purpose(
        @Option(description = "the code a read names, such as `minimum-living-allowance`") String code,
        @Option(description = "the purpose's title by language", entries = "<language>") Map<String, String> title) {
}
