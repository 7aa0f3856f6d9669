package io.tributary.app;

import io.tributary.error.ErrorKind;
import io.tributary.error.TributaryException;
import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.MetadataStores;
import io.tributary.metadata.Pruned;
import io.tributary.project.HistorySpec;
import io.tributary.project.ProjectSpec;
import io.tributary.warehouse.Warehouse;
import java.nio.file.Files;
import java.time.Instant;

/**
 * {@code tributary prune}: prunes the project's run history by its {@code history:} from the command
 * line, wherever the history lives. A history in the warehouse can be pruned only while no other process
 * holds the warehouse; a running server holds it and prunes daily itself.
 */
public final class HistoryPruner {
    private HistoryPruner() {}

    /** What pruning at {@code now} removes (with {@code dryRun}: would remove). */
    public static Pruned prune(ProjectSpec project, Instant now, boolean dryRun) {
        HistorySpec history = project.history();
        Instant cutoff = history.cutoff(now);
        if (!project.metadata().inWarehouse()) {
            try (MetadataStore store = MetadataStores.postgres(project.metadata().connection())) {
                return store.prune(cutoff, history.keepRuns(), dryRun);
            }
        }
        if (!Files.exists(project.warehouse().path())) {
            return Pruned.NOTHING; // no run yet: no history
        }
        try {
            if (dryRun) {
                return History.read(project.metadata(), project.warehouse(), store -> store.prune(cutoff, history.keepRuns(), true))
                        .orElse(Pruned.NOTHING);
            }
            try (Warehouse warehouse = Warehouse.open(project.warehouse(), false, true);
                 MetadataStore store = MetadataStores.inWarehouse(warehouse.connection(), "the warehouse " + warehouse.path())) {
                return store.prune(cutoff, history.keepRuns(), false);
            }
        } catch (TributaryException e) {
            if (e.kind() != ErrorKind.BUSY) {
                throw e;
            }
            throw TributaryException.busy(e.getMessage() + " If that is a running tributary server: it prunes the history itself, "
                    + "at start and every 24 hours, by history: in tributary.yml; stop it to prune now.");
        }
    }
}
