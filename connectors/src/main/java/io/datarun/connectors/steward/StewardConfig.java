package io.datarun.connectors.steward;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code datarun.connectors.api.*}: what the declarations stewards send through the runtime's API
 * ({@code /declarations/{name}}) may reach, per department, and the key their secrets are sealed
 * with. Operator configuration, the same on every runtime of a group. A department without an entry
 * may send none (deny by default).
 */
@ConfigMapping(prefix = "datarun.connectors.api")
public interface StewardConfig {
    /** Department code to its policy, e.g. {@code datarun.connectors.api.departments.health.hosts=mqtt.health.local}. */
    Map<String, DepartmentPolicy> departments();

    /**
     * AES key, 32 bytes in base64, that seals the secrets of API declarations in the topic; every
     * runtime of the group needs the same one. Without it a declaration that comes with secrets is refused.
     */
    Optional<String> secretsKey();

    /** One department's limits. */
    interface DepartmentPolicy {
        /** Camel components its {@code kind: camel} routes may use (never those {@code Confinement.NEVER} lists). */
        Optional<List<String>> camelComponents();

        /** Its drop folder: every {@code kind: file} folder must lie inside it. None: no file drops. */
        Optional<Path> dropRoot();

        /** Hosts its sources may be at ({@code *.example.gov.cn} allows subdomains). */
        Optional<List<String>> hosts();
    }
}
