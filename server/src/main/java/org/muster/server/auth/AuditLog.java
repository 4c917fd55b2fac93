package org.muster.server.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.muster.server.store.AccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every authentication and authorization decision and every command (who, what, when in UTC, from where,
 * outcome) in the store's audit log. Entries are queued and written in batches every 250 ms, so that auditing never
 * holds a request up; a member that dies loses at most the last quarter second of entries (commands themselves are in
 * the timeline with their actor regardless). The queue is bounded: if the store is unreachable for long, the oldest
 * entries are dropped and counted ({@code muster_audit_dropped_total}).
 *
 * <p>Thread-safe: {@link #record} may be called from any thread.
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    static final int MAX_QUEUED = 100_000;
    private static final int BATCH = 1000;

    private final Vertx vertx;
    private final AccessStore store;
    private final ConcurrentLinkedQueue<AccessStore.AuditEntry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Counter dropped;
    private final Counter written;
    private long timer = -1;
    private boolean flushing;

    public AuditLog(Vertx vertx, AccessStore store, MeterRegistry metrics) {
        this.vertx = vertx;
        this.store = store;
        this.dropped = Counter.builder("muster.audit.dropped").description("audit entries dropped: queue full").register(metrics);
        this.written = Counter.builder("muster.audit.written").description("audit entries written").register(metrics);
    }

    public void start() {
        timer = vertx.setPeriodic(250, t -> flush());
    }

    public void record(AccessStore.AuditEntry entry) {
        queue.add(entry);
        if (size.incrementAndGet() > MAX_QUEUED && queue.poll() != null) {
            size.decrementAndGet();
            dropped.increment();
        }
    }

    /** Writes what is queued; also called once more at shutdown. */
    public synchronized Future<Void> flush() {
        if (flushing || queue.isEmpty()) {
            return Future.succeededFuture();
        }
        List<AccessStore.AuditEntry> batch = new ArrayList<>();
        AccessStore.AuditEntry e;
        while (batch.size() < BATCH && (e = queue.poll()) != null) {
            size.decrementAndGet();
            batch.add(e);
        }
        flushing = true;
        return store.appendAudit(batch)
                .onSuccess(v -> written.increment(batch.size()))
                .recover(err -> {
                    LOG.warn("audit entries not written; will retry [count: {}]", batch.size(), err);
                    batch.forEach(this::record);
                    return Future.succeededFuture();
                })
                .eventually(() -> {
                    synchronized (this) {
                        flushing = false;
                    }
                    return Future.succeededFuture();
                });
    }

    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return flush();
    }
}
