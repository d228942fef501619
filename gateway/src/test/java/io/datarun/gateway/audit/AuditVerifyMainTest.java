package io.datarun.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 12, finding 10: the verifier never falls back to the DEV-ONLY key unless told to. */
class AuditVerifyMainTest {

    @Test
    void whenNoAuditKeyIsGivenThenVerificationRefusesToStartInsteadOfUsingTheDevKey() {
        assumeTrue(System.getenv("DATARUN_AUDIT_KEY") == null, "runs where no audit key is in the environment");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AuditVerifyMain.run(new String[] {"verify", "--bootstrap", "127.0.0.1:1"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no audit key").contains("--key-file")
                .contains("DATARUN_AUDIT_KEY");
    }
}
