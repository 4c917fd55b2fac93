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
    /**
     * Keys an entry event reached this member for while a scan runs (added on Hazelcast's event thread, before the
     * event is applied): the scan's copy of them may be older than the event, so its merge leaves them to the events.
     * Null while no scan runs.
     */
    private volatile Set<String> touchedDuringSync;
    /** A scan has filled this replica once; later scans only heal. Live context only. */
    private boolean filled;
    private Future<Integer> pending = Future.succeededFuture(0);
    private UUID listener;
    /** Entry events on their way from Hazelcast's event threads to the live context, applied there in order. */
    private final ContextQueue<Event<V>> events;

    Replica(IMap<String, V> map, Vertx vertx, Context context) {
        this.map = map;
        this.vertx = vertx;
        this.context = context;
        this.events = new ContextQueue<>(context, DRAIN_BATCH, e -> {
            if (e.merge() != null) {
                e.merge().run();
            } else {
                apply(e.key(), e.value());
            }
        });
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
     * Reads the whole map (blocking, on a worker) and merges it in on the live context. Syncs run one after another.
     *
     * <p>After the first fill, the merge takes from the copy only what no entry event touched from the start of the
     * scan to {@link #HEAL_AFTER_MS} after it: a key changed, added or removed meanwhile has its events, which are
     * newer than the copy or on their way, and only a difference without any event is a lost event. Without that, a scan
     * that took seconds on a busy member put every team's position back to where it was when the scan read it, and
     * every console saw the whole fleet jump back (positions have no version to refuse an older copy); it removed
     * entities created while it ran, and revived ones removed meanwhile. Values equal to the local copy change
     * nothing and tell no observer.
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
        touchedDuringSync = ConcurrentHashMap.newKeySet();
        return vertx.<Map<String, V>>executeBlocking(() -> {
            Map<String, V> copy = new HashMap<>();
            for (Map.Entry<String, V> e : map.entrySet()) {
                copy.put(e.getKey(), e.getValue());
            }
            return copy;
        }, false).transform(ar -> {
            Promise<Integer> merged = Promise.promise();
            // queued behind every event that reached this member so far: an event older than the copy is applied
            // before the merge, not after it (where it would take its key back until the next event)
            events.add(new Event<>(null, null, () -> {
                if (ar.failed()) {
                    touchedDuringSync = null;
                    merged.fail(ar.cause());
                    return;
                }
                Map<String, V> snapshot = ar.result();
                Set<String> differ = new HashSet<>();
                for (Map.Entry<String, V> e : snapshot.entrySet()) {
                    if (!same(e.getValue(), local.get(e.getKey()))) {
                        differ.add(e.getKey());
                    }
                }
                for (String key : local.keySet()) {
                    if (!snapshot.containsKey(key)) {
                        differ.add(key);
                    }
                }
                if (!filled || differ.isEmpty()) {
                    // the first fill has nothing to protect; afterwards, nothing to heal
                    filled = true;
                    merged.complete(heal(snapshot, differ));
                    return;
                }
                // the scan may have read a value whose events have not reached this member yet: a difference is
                // healed only if no event for its key came during the scan or the grace after it
                vertx.setTimer(HEAL_AFTER_MS, t -> events.add(new Event<>(null, null,
                        () -> merged.complete(heal(snapshot, differ)))));
            }));
            return merged.future();
        });
    }

    /** On the live context, in the events' order: takes the copy's value of every key that no event touched. */
    private int heal(Map<String, V> snapshot, Set<String> differ) {
        Set<String> touched = touchedDuringSync;
        touchedDuringSync = null;
        int changed = 0;
        for (String key : differ) {
            if (touched.contains(key)) {
                continue;
            }
            V value = snapshot.get(key);
            if (value == null ? apply(key, null) : !same(value, local.get(key)) && apply(key, value)) {
                changed++;
            }
        }
        return changed;
    }

    /**
     * Equal for the merge: the same version of a versioned entity (a version is one committed change, so its content
     * is the same; comparing whole teams would hold the live context for tens of milliseconds per scan), or equal
     * values of a versionless one.
     */
    private static boolean same(Message copy, Message held) {
        if (copy == held) {
            return true;
        }
        if (held == null) {
            return false;
        }
        long v = Versions.of(copy);
        return v >= 0 ? v == Versions.of(held) : copy.equals(held);
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
            Set<String> touched = touchedDuringSync;
            if (touched != null) {
                touched.add(key);
            }
            events.add(new Event<>(key, value, null));
        }
    }

    /** An entry event on its way to the live context, or (with {@code merge}) a scan's merge in its place among them. */
    private record Event<V>(String key, V value, Runnable merge) {
    }

    /**
     * How long after its scan a difference between the scan's copy and this replica must go without an entry event
     * for its key before the copy's value is taken: events reach a member a little after the map changed, so a scan
     * can read a value whose events are still on their way.
     */
    static final long HEAL_AFTER_MS = 1000;

    /** Events applied per task on the live context, so that a burst does not hold it for long. */
    static final int DRAIN_BATCH = 4096;
}
