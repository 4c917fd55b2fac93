package org.muster.server.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link LocationHistory} on PostgreSQL: vertx-pg-client has no COPY, so fixes from all callers are gathered for a
 * few milliseconds into one multi-row {@code INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING RETURNING},
 * which also tells which rows were new. One statement, one commit, many devices acknowledged. The rows travel as 13
 * array parameters rather than 13 parameters per row: the statement text is the same for every batch (prepared once,
 * not parsed and planned per batch size) and a batch is not limited by PostgreSQL's 65,535 parameters.
 *
 * <p>Most rows are new: a resend only repeats what was in flight when a link broke. So a write is first a plain
 * insert, which checks the primary key once per row, and only when it meets a stored row (the whole statement fails
 * on a unique violation and writes nothing) is it sent again as {@code ON CONFLICT DO NOTHING RETURNING}, which
 * looks each row up before inserting it and tells the new ones apart; measured on PostgreSQL, that speculative
 * insertion costs about 40 % more per row. After a conflict, writes skip the plain attempt for 30 s (a reconnecting
 * fleet resends for a while).
 */
public final class PgLocationHistory implements LocationHistory {
    private static final Logger LOG = LoggerFactory.getLogger(PgLocationHistory.class);
    private static final int MAX_ROWS = 10_000;
    /** One statement text for every batch size (13 arrays), so it is parsed and planned once per connection. */
    private static final String INSERT = """
            INSERT INTO positions (device_id, time, seq, team_id, lon, lat, accuracy, speed, heading, altitude, battery,
                                   source, received_at)
            SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int8[], $4::text[], $5::float8[], $6::float8[],
                                 $7::float4[], $8::float4[], $9::float4[], $10::float4[], $11::float4[], $12::int2[],
                                 $13::timestamptz[])""";
    /** The same, skipping the rows already stored and telling which were new. */
    private static final String INSERT_NEW = INSERT + " ON CONFLICT DO NOTHING RETURNING device_id, time, seq";
    /** PostgreSQL's unique_violation. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** After a write met a stored fix, how long writes check each row for conflicts before trying the plain insert. */
    private static final long CHECK_CONFLICTS_MS = 30_000;
    private static final long GATHER_MS = 5;
    /** Statements writing at once: one committing while the next is sent is enough to keep PostgreSQL busy. */
    private static final int MAX_IN_FLIGHT = 2;

    private final Pool pool;
    private final Context context;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Fixes queued by callers, not yet taken to {@link #pending} on the history's context. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Pending> arriving = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger arrivingRows = new java.util.concurrent.atomic.AtomicInteger();
    /** A gathering timer is set (or about to be): callers only queue. */
    private final java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
    /** A full statement's worth is queued and a task to write it is on its way. */
    private final java.util.concurrent.atomic.AtomicBoolean urgent = new java.util.concurrent.atomic.AtomicBoolean();
    private int inFlight;
    /** Until when writes use INSERT_NEW from the start (resent fixes were seen lately). */
    private long checkConflictsUntil;

    private record Pending(List<StoredFix> fixes, Promise<Written> done) {
    }

    public PgLocationHistory(Vertx vertx, Pool pool) {
        this.pool = pool;
        this.context = vertx.getOrCreateContext();
    }

    @Override
    public Future<Written> append(List<StoredFix> fixes) {
        if (fixes.isEmpty()) {
            return Future.succeededFuture(new Written(0, 0));
        }
        Promise<Written> done = Promise.promise();
        // Callers on any thread queue their fixes without a task each on the history's context: the first caller
        // after a write started arms the gathering timer, the others only queue.
        arriving.add(new Pending(fixes, done));
        if (arrivingRows.addAndGet(fixes.size()) >= MAX_ROWS && urgent.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                urgent.set(false);
                flush();
            });
        } else if (armed.compareAndSet(false, true)) {
            context.runOnContext(v -> context.owner().setTimer(GATHER_MS, t -> {
                // cleared before the queue is taken: a caller queueing after this arms the next timer, one queueing
                // before it is taken now
                armed.set(false);
                flush();
            }));
        }
        return done.future();
    }

    /** On the history's context: moves what callers queued to the pending writes. */
    private void takeArriving() {
        Pending p;
        int rows = 0;
        while ((p = arriving.poll()) != null) {
            pending.add(p);
            rows += p.fixes().size();
        }
        arrivingRows.addAndGet(-rows);
    }

    /**
     * On the history's context: writes what is pending, in statements of at most MAX_ROWS rows, with at most
     * MAX_IN_FLIGHT statements at a time. What arrives meanwhile waits for the next free slot and then goes in one
     * statement: the busier PostgreSQL is, the larger the statements and the fewer the commits (group commit).
     */
    private void flush() {
        takeArriving();
        while (!pending.isEmpty() && inFlight < MAX_IN_FLIGHT) {
            List<Pending> batch = new ArrayList<>();
            int rows = 0;
            while (!pending.isEmpty() && (batch.isEmpty() || rows + pending.peekFirst().fixes().size() <= MAX_ROWS)) {
                Pending p = pending.pollFirst();
                batch.add(p);
                rows += p.fixes().size();
            }
            write(batch, rows);
        }
    }

    private void write(List<Pending> batch, int rows) {
        String[] device = new String[rows];
        OffsetDateTime[] time = new OffsetDateTime[rows];
        Long[] seq = new Long[rows];
        String[] team = new String[rows];
        Double[] lon = new Double[rows];
        Double[] lat = new Double[rows];
        Float[] accuracy = new Float[rows];
        Float[] speed = new Float[rows];
        Float[] heading = new Float[rows];
        Float[] altitude = new Float[rows];
        Float[] battery = new Float[rows];
        Short[] source = new Short[rows];
        OffsetDateTime[] received = new OffsetDateTime[rows];
        int n = 0;
        for (Pending p : batch) {
            for (StoredFix f : p.fixes()) {
                device[n] = f.deviceId();
                time[n] = PgEventStore.utcMillis(f.timeMs());
                seq[n] = f.seq();
                team[n] = f.teamId();
                lon[n] = f.lon();
                lat[n] = f.lat();
                accuracy[n] = f.accuracyM();
                speed[n] = f.speedMps();
                heading[n] = f.headingDeg();
                altitude[n] = f.altitudeM();
                battery[n] = f.battery();
                source[n] = (short) f.source();
                received[n] = PgEventStore.utcMillis(f.receivedMs());
                n++;
            }
        }
        Tuple params = Tuple.of(device, time, seq, team, lon, lat, accuracy, speed, heading, altitude, battery, source,
                received);
        inFlight++;
        if (System.currentTimeMillis() < checkConflictsUntil) {
            writeNew(batch, rows, params);
            return;
        }
        pool.preparedQuery(INSERT).execute(params).onComplete(ar -> context.runOnContext(v -> {
            if (ar.failed() && ar.cause() instanceof DatabaseException e && UNIQUE_VIOLATION.equals(e.getSqlState())) {
                // nothing of it was written: again, skipping what is stored
                checkConflictsUntil = System.currentTimeMillis() + CHECK_CONFLICTS_MS;
                LOG.debug("history write met stored fixes, written again without them [rows: {}]", rows);
                writeNew(batch, rows, params);
                return;
            }
            if (finished(batch, rows, ar.cause())) {
                batch.forEach(p -> p.done().complete(new Written(p.fixes().size(), 0)));
            }
        }));
    }

    /**
     * A statement is over: frees its slot, starts whatever gathered meanwhile, and fails its callers if it failed;
     * true if it succeeded.
     */
    private boolean finished(List<Pending> batch, int rows, Throwable failure) {
        inFlight--;
        flush();
        if (failure != null) {
            LOG.error("location history write failed [rows: {}]", rows, failure);
            batch.forEach(p -> p.done().fail(failure));
            return false;
        }
        return true;
    }

    /** Writes the rows that are not stored yet and tells each caller how many of its rows were new. */
    private void writeNew(List<Pending> batch, int rows, Tuple params) {
        pool.preparedQuery(INSERT_NEW).execute(params).onComplete(ar -> context.runOnContext(v -> {
            if (!finished(batch, rows, ar.cause())) {
                return;
            }
            int returned = ar.result().rowCount();
            if (returned == rows || returned == 0) {
                // every row new, or a resend with every row known: no need to tell them apart
                batch.forEach(p -> p.done().complete(returned == 0 ? new Written(0, p.fixes().size())
                        : new Written(p.fixes().size(), 0)));
                return;
            }
            Set<String> inserted = new HashSet<>();
            for (Row r : ar.result()) {
                inserted.add(key(r.getString(0), r.getOffsetDateTime(1).toInstant().toEpochMilli(), r.getLong(2)));
            }
            for (Pending p : batch) {
                int fresh = 0;
                for (StoredFix f : p.fixes()) {
                    if (inserted.remove(key(f.deviceId(), f.timeMs(), f.seq()))) {
                        fresh++;
                    }
                }
                p.done().complete(new Written(fresh, p.fixes().size() - fresh));
            }
        }));
    }

    private static String key(String device, long timeMs, long seq) {
        return device + '\u0000' + timeMs + '\u0000' + seq;
    }

    @Override
    public Future<List<StoredFix>> teamTrack(String teamId, Instant from, Instant to, int limit) {
        return pool.preparedQuery("""
                        SELECT device_id, seq, time, team_id, lon, lat, accuracy, speed, heading, altitude, battery, source, received_at
                        FROM positions WHERE team_id = $1 AND time >= $2 AND time < $3 ORDER BY time LIMIT $4""")
                .execute(Tuple.of(teamId, PgEventStore.utc(from), PgEventStore.utc(to), limit))
                .map(PgLocationHistory::fixes);
    }

    @Override
    public Future<List<StoredFix>> latestAt(List<String> teamIds, Instant at, java.time.Duration lookback) {
        if (teamIds.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return pool.preparedQuery("""
                        SELECT p.device_id, p.seq, p.time, p.team_id, p.lon, p.lat, p.accuracy, p.speed, p.heading, p.altitude,
                               p.battery, p.source, p.received_at
                        FROM unnest($1::text[]) AS t(team_id)
                        CROSS JOIN LATERAL (
                            SELECT * FROM positions
                            WHERE positions.team_id = t.team_id AND time <= $2 AND time > $3
                            ORDER BY time DESC LIMIT 1) p""")
                .execute(Tuple.of(teamIds.toArray(new String[0]), PgEventStore.utc(at), PgEventStore.utc(at.minus(lookback))))
                .map(PgLocationHistory::fixes);
    }

    @Override
    public Future<List<StoredFix>> teamsBetween(List<String> teamIds, Instant from, Instant to, int limit) {
        if (teamIds.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return pool.preparedQuery("""
                        SELECT device_id, seq, time, team_id, lon, lat, accuracy, speed, heading, altitude, battery, source, received_at
                        FROM positions WHERE team_id = ANY($1) AND time > $2 AND time <= $3 ORDER BY time LIMIT $4""")
                .execute(Tuple.of(teamIds.toArray(new String[0]), PgEventStore.utc(from), PgEventStore.utc(to), limit))
                .map(PgLocationHistory::fixes);
    }

    private static List<StoredFix> fixes(io.vertx.sqlclient.RowSet<Row> rows) {
        List<StoredFix> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new StoredFix(r.getString(0), r.getLong(1), r.getOffsetDateTime(2).toInstant().toEpochMilli(),
                    r.getString(3), r.getDouble(4), r.getDouble(5), r.getFloat(6), r.getFloat(7), r.getFloat(8),
                    r.getFloat(9), r.getFloat(10), r.getShort(11), r.getOffsetDateTime(12).toInstant().toEpochMilli()));
        }
        return out;
    }

    @Override
    public Future<Void> prepareMonths() {
        LocalDate first = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).minusMonths(1);
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < 5; i++) {
            LocalDate from = first.plusMonths(i);
            LocalDate to = from.plusMonths(1);
            String name = "positions_" + from.format(DateTimeFormatter.ofPattern("yyyyMM"));
            String sql = "CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF positions FOR VALUES FROM ('" + from + "') TO ('" + to + "')";
            chain = chain.compose(v -> pool.query(sql).execute().<Void>mapEmpty().recover(e -> {
                // rows of that month already sit in the default partition: they stay there, still found by queries
                LOG.warn("position partition not created [name: {}]: {}", name, e.getMessage());
                return Future.succeededFuture();
            }));
        }
        return chain;
    }
}
