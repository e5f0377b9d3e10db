package io.muster.kernel.consensus;

import io.muster.spi.api.CatalogRegistration;
import io.muster.spi.api.TxnResponse;
import io.muster.spi.consensus.StateMachine;
import io.muster.spi.model.AutopilotConfig;
import io.muster.spi.model.ConfigEntry;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.Node;
import io.muster.spi.store.StateStore;
import io.muster.spi.store.StoreException;
import io.muster.spi.store.StoreWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Applies decoded commands to the {@link StateStore} at the index the consensus gives. Deterministic: a refused
 * command yields a {@link CommandError} result (never an exception), so every server ends in the same state.
 */
public final class KernelStateMachine implements StateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(KernelStateMachine.class);

    private final StateStore store;
    private final CommandCodec codec;

    public KernelStateMachine(StateStore store, CommandCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /**
     * Applies at {@code logIndex} or, when a snapshot restore moved the state past the log, at the index after the
     * state's: data indexes never go backwards (blocking queries and CAS depend on it) and, being a function of the
     * replicated state, are the same on every server.
     */
    @Override
    public Object apply(long logIndex, byte[] bytes) {
        long index = Math.max(logIndex, store.index() + 1);
        Command command;
        try {
            command = codec.decode(bytes);
        } catch (IOException e) {
            LOG.error("Command at index {} cannot be decoded ({} bytes); it was skipped. A newer release wrote it? {}",
                    index, bytes.length, e.getMessage());
            // Still advance the index so the log position is accounted for.
            store.write(index, w -> null);
            return new CommandError("undecodable command at index " + index + ": " + e.getMessage());
        }
        if (command instanceof Command.SnapshotRestore restore) {
            return restore(index, restore);
        }
        try {
            return store.write(index, w -> applyTo(w, command));
        } catch (StoreException e) {
            return new CommandError(e.getMessage());
        } catch (TxnExecutor.Aborted e) {
            return new TxnResponse(List.of(), e.errors(), index);
        } catch (RuntimeException e) {
            LOG.error("Applying {} at index {} failed; the store rolled it back", command.getClass().getSimpleName(),
                    index, e);
            return new CommandError("failed to apply " + command.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Object applyTo(StoreWriter w, Command command) {
        if (command instanceof Command.KvSet c) {
            w.kvSet(c.key(), c.value(), c.flags());
            return Boolean.TRUE;
        } else if (command instanceof Command.KvCas c) {
            return w.kvCas(c.key(), c.value(), c.flags(), c.casIndex()).isPresent();
        } else if (command instanceof Command.KvLock c) {
            return w.kvLock(c.key(), c.value(), c.flags(), c.session()).isPresent();
        } else if (command instanceof Command.KvUnlock c) {
            return w.kvUnlock(c.key(), c.value(), c.flags(), c.session()).isPresent();
        } else if (command instanceof Command.KvDelete c) {
            w.kvDelete(c.key());
            return Boolean.TRUE;
        } else if (command instanceof Command.KvDeleteCas c) {
            return w.kvDeleteCas(c.key(), c.casIndex());
        } else if (command instanceof Command.KvDeleteTree c) {
            w.kvDeleteTree(c.prefix());
            return Boolean.TRUE;
        } else if (command instanceof Command.KvReapTombstones c) {
            w.kvReapTombstones(c.upToIndex());
            return Boolean.TRUE;
        } else if (command instanceof Command.CatalogRegister c) {
            register(w, c.registration());
            return Boolean.TRUE;
        } else if (command instanceof Command.CatalogDeregister c) {
            deregister(w, c);
            return Boolean.TRUE;
        } else if (command instanceof Command.SessionCreate c) {
            return w.createSession(c.session()).id();
        } else if (command instanceof Command.SessionDestroy c) {
            return w.destroySession(c.id());
        } else if (command instanceof Command.Txn c) {
            return new TxnResponse(TxnExecutor.runOrAbort(w, c.ops()), List.of(), w.index());
        } else if (command instanceof Command.CoordinateUpdate c) {
            // As Consul's batch update: coordinates of nodes the catalog does not know are dropped.
            c.coordinates().stream().filter(coordinate -> w.node(coordinate.node()).isPresent())
                    .forEach(w::setCoordinate);
            return Boolean.TRUE;
        } else if (command instanceof Command.PreparedQuerySet c) {
            return w.setPreparedQuery(c.query()).id();
        } else if (command instanceof Command.PreparedQueryDelete c) {
            return w.deletePreparedQuery(c.id());
        } else if (command instanceof Command.ConfigEntrySet c) {
            if (!casHolds(c.cas(), w.configEntry(c.entry().kind(), c.entry().name()).map(ConfigEntry::modifyIndex))) {
                return Boolean.FALSE;
            }
            w.setConfigEntry(c.entry());
            return Boolean.TRUE;
        } else if (command instanceof Command.ConfigEntryDelete c) {
            if (!casHolds(c.cas(), w.configEntry(c.kind(), c.name()).map(ConfigEntry::modifyIndex))) {
                return Boolean.FALSE;
            }
            w.deleteConfigEntry(c.kind(), c.name());
            return Boolean.TRUE;
        } else if (command instanceof Command.AutopilotSet c) {
            if (!casHolds(c.cas(), w.autopilotConfig().map(AutopilotConfig::modifyIndex))) {
                return Boolean.FALSE;
            }
            w.setAutopilotConfig(c.config());
            return Boolean.TRUE;
        }
        throw new StoreException("unknown command " + command.getClass().getSimpleName());
    }

    /** Consul's check-and-set: null = always, 0 = only when absent, N = only when the stored ModifyIndex is N. */
    private static boolean casHolds(Long cas, Optional<Long> modifyIndex) {
        if (cas == null) {
            return true;
        }
        return cas == 0 ? modifyIndex.isEmpty() : modifyIndex.isPresent() && modifyIndex.get().longValue() == cas;
    }

    /**
     * Replaces the state with a snapshot, then moves the index to at least this command's, so that later
     * commands never apply below what readers have seen. Every server applies it at the same index.
     */
    private Object restore(long index, Command.SnapshotRestore command) {
        try {
            store.restore(new ByteArrayInputStream(command.state()));
        } catch (IOException | RuntimeException e) {
            LOG.error("Snapshot restore at index {} failed: {}", index, e.getMessage());
            store.write(index, w -> null);
            return new CommandError("snapshot restore failed: " + e.getMessage());
        }
        store.write(Math.max(index, store.index()), w -> null);
        return Boolean.TRUE;
    }

    /** Consul's ensureRegistration: node (unless skipped and present), then the service, then the checks. */
    private static void register(StoreWriter w, CatalogRegistration r) {
        if (!r.skipNodeUpdate() || w.node(r.node()).isEmpty()) {
            w.ensureNode(new Node(r.id(), r.node(), r.address(), r.datacenter(), r.taggedAddresses(), r.nodeMeta(),
                    0, 0));
        }
        if (r.service() != null) {
            w.ensureService(r.node(), r.service());
        }
        for (HealthCheck check : r.checks()) {
            w.ensureCheck(check);
        }
    }

    private static void deregister(StoreWriter w, Command.CatalogDeregister c) {
        if (c.serviceId() != null && !c.serviceId().isEmpty()) {
            w.deleteService(c.node(), c.serviceId());
        } else if (c.checkId() != null && !c.checkId().isEmpty()) {
            w.deleteCheck(c.node(), c.checkId());
        } else {
            w.deleteNode(c.node());
        }
    }

    @Override
    public void snapshot(OutputStream out) throws IOException {
        store.snapshot(out);
    }

    @Override
    public void restore(InputStream in) throws IOException {
        store.restore(in);
    }

    @Override
    public long lastAppliedIndex() {
        return store.index();
    }
}
