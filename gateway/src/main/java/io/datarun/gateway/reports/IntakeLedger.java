package io.datarun.gateway.reports;

import io.datarun.gateway.store.RecordStore;
import io.datarun.gateway.usage.SourceStats;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Reconciles each dataset's intake (from the sources' committed counts) with what is served, and
 * raises an alert-level log line the first time a mismatch is seen.
 */
@ApplicationScoped
public class IntakeLedger {
    private static final Logger LOG = Logger.getLogger(IntakeLedger.class);
    private final RecordStore store;
    private final Set<String> alerted = ConcurrentHashMap.newKeySet();

    public IntakeLedger(RecordStore store) {
        this.store = store;
    }

    public Reconciliation reconcile(String datasetId) {
        List<SourceStats> sources = store.sources().stream().filter(s -> s.dataset().equals(datasetId)).toList();
        long live = Math.max(0, store.count(datasetId));
        Reconciliation result = Reconciliation.of(sources, live);
        for (String problem : result.problems()) {
            if (alerted.add(datasetId + "|" + problem)) {
                LOG.errorf("ALERT reconciliation mismatch dataset=%s problem=\"%s\"", datasetId, problem);
            }
        }
        return result;
    }
}
