package org.muster.server.events;

import io.vertx.core.Future;
import org.muster.protocol.v1.TimelineEvent;
import org.muster.server.live.LivePicture;
import org.muster.server.store.EventStore;
import org.muster.server.store.StoreTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Function;

/**
 * Runs a command: in one store transaction (events appended, state written), then, once committed, applies the
 * events to the live picture. The answer is given only after the commit, so nothing acknowledged can be lost; the
 * view follows the store, never the other way round. A member in a minority of the cluster (split-brain protection)
 * refuses commands before committing: their events could not reach the live picture, so the majority's consoles would
 * not see a change this member had acknowledged.
 *
 * <p>Threading: call from a Vert.x context; the future completes on it.
 */
public final class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    private final EventStore store;
    private final LivePicture live;

    public CommandRunner(EventStore store, LivePicture live) {
        this.store = store;
        this.live = live;
    }

    public <T> Future<T> run(Function<StoreTransaction, Future<T>> command) {
        if (!live.writable()) {
            return Future.failedFuture(Rejection.minority());
        }
        return store.inTransaction(tx -> command.apply(tx).map(result -> new Committed<>(result, tx.appended())))
                .compose(c -> {
                    if (c.events.isEmpty()) {
                        return Future.succeededFuture(c.result);
                    }
                    // The store has it; a failure here leaves the view behind until reconciliation, never ahead.
                    return live.apply(c.events)
                            .recover(err -> {
                                LOG.error("committed events not applied to the live picture [firstSeq: {}, count: {}]",
                                        c.events.get(0).getSeq(), c.events.size(), err);
                                return Future.succeededFuture();
                            })
                            .map(v -> c.result);
                });
    }

    private record Committed<T>(T result, List<TimelineEvent> events) {
    }
}
