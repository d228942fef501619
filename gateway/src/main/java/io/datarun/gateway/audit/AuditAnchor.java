package io.datarun.gateway.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The monotonic anchor of a replica's audit chain: the last head it committed, kept in memory and
 * in a file of its state directory, tagged with the Kafka cluster's id. When the writer (re)opens,
 * the head the topic holds must be that one or a later one; a head that is missing, behind or
 * different means the chain was cut off or rewritten (the topic deleted and recreated, its tail
 * truncated), and the writer refuses to write — every audited request answers 503 — and raises an
 * ALERT, instead of starting a new, valid-looking chain. An anchor of another cluster (a fresh
 * test or demo broker) is ignored with a warning; an operator who has investigated deletes the file.
 */
final class AuditAnchor {
    private static final Logger LOG = Logger.getLogger(AuditAnchor.class);

    private AuditAnchor() {
    }

    /** Refuses (throws) when the topic's head does not reach the anchor. */
    static void requireReached(String chain, ChainVerifier.Checkpoint anchor, AuditEvent found) {
        if (anchor == null) {
            return;
        }
        String problem = null;
        if (found == null) {
            problem = "the topic holds no event of the chain";
        } else if (found.seq() < anchor.seq()) {
            problem = "the topic's head is seq " + found.seq() + ", behind";
        } else if (found.seq() == anchor.seq() && !found.hash().equals(anchor.hash())) {
            problem = "the topic's head at that seq has another hash";
        }
        if (problem != null) {
            LOG.errorf("ALERT audit chain '%s' was committed up to %s but %s: the chain was truncated or rewritten; "
                    + "no event is written until it is investigated", chain, anchor, problem);
            throw new IllegalStateException("audit chain '" + chain + "' does not reach its anchor");
        }
    }

    static Optional<ChainVerifier.Checkpoint> read(Path file, String chain, String clusterId) {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ");
            if (parts.length != 2 || !parts[1].equals(clusterId)) {
                LOG.warnf("audit anchor %s belongs to another Kafka cluster (%s): ignored", file,
                        parts.length == 2 ? parts[1] : "unreadable");
                return Optional.empty();
            }
            ChainVerifier.Checkpoint anchor = ChainVerifier.Checkpoint.parse(parts[0]);
            return anchor.chain().equals(chain) ? Optional.of(anchor) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("audit anchor " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    static void write(Path file, ChainVerifier.Checkpoint head, String clusterId) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, head + " " + clusterId + "\n", StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the in-memory anchor still holds for this process; a restart would miss this head
            LOG.warnf("audit anchor %s not written: %s", file, e.getMessage());
        }
    }
}
