package org.muster.server.live;

import com.google.protobuf.Message;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This member's copy of one live map, for reads that need all entries (lists, filters, indexes) without asking
 * the cluster. Fed by a Hazelcast entry listener whose events hop onto the live context; reconciled by a full scan on
 * start and after a member leaves, because listener events can be lost then.
 *
 * <p>Threading: changes are applied on the live context only, in the order Hazelcast delivers them (per key, the
 * order of the map), in batches: events wait in one queue that a single task on the live context drains. Readers on
 * any thread see immutable values from a concurrent map. Observers are called on the live context after a change.
 */
final class Replica<V extends Message> {
    private final IMap<String, V> map;
    private final Context context;
    private final Vertx vertx;
    private final ConcurrentHashMap<String, V> local = new ConcurrentHashMap<>();
    private final List<LiveObserver<V>> observers = new ArrayList<>();
    private Set<String> removedDuringSync;
    private Future<Integer> pending = Future.succeededFuture(0);
    private UUID listener;
    /** Entry events on their way from Hazelcast's event threads to the live context, applied there in order. */
    private final ContextQueue<Event<V>> events;

    Replica(IMap<String, V> map, Vertx vertx, Context context) {
        this.map = map;
        this.vertx = vertx;
        this.context = context;
        this.events = new ContextQueue<>(context, DRAIN_BATCH, e -> apply(e.key(), e.value()));
    }

    String name() {
        return map.getName();
    }

    IMap<String, V> map() {
        return map;
    }

    /** Called on the live context only; register before {@link #listen()}. */
    void observe(LiveObserver<V> observer) {
        observers.add(observer);
    }

    void listen() {
        Listener l = new Listener();
        listener = map.addEntryListener(l, true);
    }

    void close() {
        if (listener != null) {
            map.removeEntryListener(listener);
        }
    }

    /**
     * Reads the whole map (blocking, on a worker) and merges it in on the live context. Syncs run one after another;
     * removals seen while a scan runs are kept out of its merge, so a scan cannot revive what was just removed.
     */
    Future<Integer> sync() {
        Promise<Integer> done = Promise.promise();
        context.runOnContext(v -> {
            Future<Integer> next = pending.transform(ignored -> scanAndMerge());
            pending = next;
            next.onComplete(done);
        });
        return done.future();
    }

    private Future<Integer> scanAndMerge() {
        removedDuringSync = new HashSet<>();
        return vertx.<Map<String, V>>executeBlocking(() -> {
            Map<String, V> copy = new HashMap<>();
            for (Map.Entry<String, V> e : map.entrySet()) {
                copy.put(e.getKey(), e.getValue());
            }
            return copy;
        }, false).transform(ar -> {
            Promise<Integer> merged = Promise.promise();
            context.runOnContext(v -> {
                Set<String> removed = removedDuringSync;
                removedDuringSync = null;
                if (ar.failed()) {
                    merged.fail(ar.cause());
                    return;
                }
                Map<String, V> snapshot = ar.result();
                int changed = 0;
                for (Map.Entry<String, V> e : snapshot.entrySet()) {
                    if (!removed.contains(e.getKey()) && apply(e.getKey(), e.getValue())) {
                        changed++;
                    }
                }
                for (String key : new ArrayList<>(local.keySet())) {
                    if (!snapshot.containsKey(key) && apply(key, null)) {
                        changed++;
                    }
                }
                merged.complete(changed);
            });
            return merged.future();
        });
    }

    V get(String key) {
        return local.get(key);
    }

    /** The keys held now (a copy). */
    Set<String> keys() {
        return new HashSet<>(local.keySet());
    }

    Collection<V> values() {
        return Collections.unmodifiableCollection(local.values());
    }

    int size() {
        return local.size();
    }

    /** On the live context: applies a change if it is newer; returns true if the local copy changed. */
    private boolean apply(String key, V value) {
        if (value == null || Versions.deleted(value)) {
            if (value == null && removedDuringSync != null) {
                removedDuringSync.add(key);
            }
            V old = local.get(key);
            if (old == null || (value != null && !Versions.newer(value, old))) {
                return false;
            }
            local.remove(key);
            observers.forEach(o -> o.changed(key, null, old));
            return true;
        }
        V old = local.get(key);
        if (old != null && !Versions.newer(value, old)) {
            return false;
        }
        local.put(key, value);
        observers.forEach(o -> o.changed(key, value, old));
        return true;
    }

    private final class Listener implements EntryAddedListener<String, V>, EntryUpdatedListener<String, V>,
            EntryRemovedListener<String, V>, EntryEvictedListener<String, V>, EntryExpiredListener<String, V> {
        @Override
        public void entryAdded(EntryEvent<String, V> e) {
            hop(e.getKey(), e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, V> e) {
            hop(e.getKey(), e.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, V> e) {
            hop(e.getKey(), null);
        }

        @Override
        public void entryEvicted(EntryEvent<String, V> e) {
            hop(e.getKey(), null);
        }

        @Override
        public void entryExpired(EntryEvent<String, V> e) {
            // tombstones expire; the entity is already gone from the local copy
            hop(e.getKey(), null);
        }

        private void hop(String key, V value) {
            events.add(new Event<>(key, value));
        }
    }

    /** An entry event on its way to the live context. */
    private record Event<V>(String key, V value) {
    }

    /** Events applied per task on the live context, so that a burst does not hold it for long. */
    static final int DRAIN_BATCH = 4096;
}
