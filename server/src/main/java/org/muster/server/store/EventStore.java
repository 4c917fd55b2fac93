package org.muster.server.store;

import io.vertx.core.Future;
import org.muster.protocol.v1.TimelineEvent;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The durable store: the timeline of events and the current state they produced. It is the truth; the live
 * picture in Hazelcast is a view of it.
 *
 * <p>Ordering: within one transaction, events are appended in call order and get increasing sequence numbers;
 * rows read with {@code forUpdate} are locked until commit, so two transactions changing the same entity run one
 * after the other. Durability: a returned future completes only after PostgreSQL has committed (synchronous commit).
 * Threading: futures complete on the calling Vert.x context.
 */
public interface EventStore {

    /** Runs {@code work} in one transaction; commits when its future succeeds, rolls back when it fails. */
    <T> Future<T> inTransaction(Function<StoreTransaction, Future<T>> work);

    /** Events of one incident in sequence order, with {@code from <= time < to}, after {@code afterSeq}. */
    Future<List<TimelineEvent>> incidentTimeline(String incidentId, Instant from, Instant to, long afterSeq, int limit);

    /** All events after {@code afterSeq}, in sequence order (folding, export, reconciliation). */
    Future<List<TimelineEvent>> events(long afterSeq, int limit);

    /** For each of the teams, the last event about it at or before {@code at} (each carries the team's state). */
    Future<List<TimelineEvent>> lastTeamEvents(List<String> teamIds, Instant at);

    /** Everything the live picture holds, as committed now. */
    Future<StoredState> loadState();

    /** Succeeds when the store answers a trivial query. */
    Future<Void> ping();
}
