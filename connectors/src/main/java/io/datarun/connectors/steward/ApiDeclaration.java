package io.datarun.connectors.steward;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A declaration as a steward sent it, the value of its record in {@code datarun._declarations}
 * (key: the connector name): the YAML as written, the department it is for, its secrets sealed
 * ({@link SecretBox}; null when it has none) and their names, who sent it and when (ISO-8601 instant).
 */
public record ApiDeclaration(String name, String department, String declaration, String sealedSecrets,
        List<String> secretNames, String user, String at) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ApiDeclaration {
        secretNames = secretNames == null ? List.of() : List.copyOf(secretNames);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not such a record */
    public static ApiDeclaration fromJson(byte[] value) {
        try {
            ApiDeclaration read = JSON.readValue(value, ApiDeclaration.class);
            if (read.name() == null || read.department() == null || read.declaration() == null) {
                throw new IllegalArgumentException("expected name, department and declaration");
            }
            return read;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a declaration record: " + e.getMessage(), e);
        }
    }
}
