package io.muster.kernel.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One write in progress: an undo log (so a failing write leaves no trace), the watch keys and tables it
 * touched (their indexes move and their watches fire only at commit), and actions to run after commit.
 */
final class Tx {
    final long index;
    private final Deque<Runnable> undo = new ArrayDeque<>();
    final Set<String> touchedKeys = new LinkedHashSet<>();
    final Set<String> touchedTables = new LinkedHashSet<>();
    final Set<String> changedKvKeys = new LinkedHashSet<>();
    final List<Runnable> afterCommit = new ArrayList<>();

    Tx(long index) {
        this.index = index;
    }

    void onUndo(Runnable action) {
        undo.push(action);
    }

    /** A fine-grained watch key (node:N, svc:S, sess:ID) changed at this index. */
    void touch(String watchKey) {
        touchedKeys.add(watchKey);
    }

    void touchTable(String table) {
        touchedTables.add(table);
    }

    void kvChanged(String key) {
        changedKvKeys.add(key);
        touchedTables.add(KvTable.TABLE);
    }

    void rollback() {
        while (!undo.isEmpty()) {
            undo.pop().run();
        }
    }
}
