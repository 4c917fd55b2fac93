package org.muster.server.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.muster.protocol.v1.Alert;
import org.muster.protocol.v1.Assignment;
import org.muster.protocol.v1.AssignmentStatus;
import org.muster.protocol.v1.CapabilityDefinition;
import org.muster.protocol.v1.Device;
import org.muster.protocol.v1.Position;
import org.muster.protocol.v1.EquipmentType;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.ResponsePlan;
import org.muster.protocol.v1.Team;
import org.muster.protocol.v1.TimelineEvent;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link EventStore} on PostgreSQL through vertx-pg-client. All SQL of the store is in this class and in the
 * numbered migrations under {@code db/migration}.
 */
public final class PgEventStore implements EventStore {
    private final Pool pool;

    public PgEventStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public <T> Future<T> inTransaction(Function<StoreTransaction, Future<T>> work) {
        return pool.withTransaction(conn -> work.apply(new PgTransaction(conn)));
    }

    @Override
    public Future<List<TimelineEvent>> incidentTimeline(String incidentId, Instant from, Instant to, long afterSeq, int limit) {
        return pool.preparedQuery("""
                        SELECT seq, payload FROM events
                        WHERE incident_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND seq > $4
                        ORDER BY seq LIMIT $5""")
                .execute(Tuple.of(incidentId, utc(from), utc(to), afterSeq, limit))
                .map(PgEventStore::events);
    }

    @Override
    public Future<StoredState> loadState() {
        return pool.withConnection(conn -> {
            Future<List<Team>> teams = all(conn, "SELECT data FROM teams WHERE NOT deleted", Team.parser());
            Future<List<Incident>> incidents = all(conn, "SELECT data FROM incidents", Incident.parser());
            Future<List<CapabilityDefinition>> caps = all(conn, "SELECT data FROM capability_definitions", CapabilityDefinition.parser());
            Future<List<EquipmentType>> types = all(conn, "SELECT data FROM equipment_types WHERE NOT deleted", EquipmentType.parser());
            Future<List<ResponsePlan>> plans = all(conn, "SELECT data FROM response_plans", ResponsePlan.parser());
            Future<List<Assignment>> assignments = all(conn,
                    "SELECT data FROM assignments WHERE active OR updated_at > now() - interval '1 day'", Assignment.parser());
            Future<List<Alert>> alerts = all(conn,
                    "SELECT data FROM alerts WHERE open OR updated_at > now() - interval '1 day'", Alert.parser());
            Future<List<Device>> devices = all(conn, "SELECT data FROM devices WHERE NOT deleted", Device.parser());
            Future<java.util.Map<String, Position>> latest = conn.query("""
                            SELECT t.id, p.device_id, p.time, p.lon, p.lat, p.accuracy, p.speed, p.heading, p.altitude,
                                   p.source, p.received_at
                            FROM teams t CROSS JOIN LATERAL (
                                SELECT * FROM positions
                                WHERE positions.team_id = t.id AND time > now() - interval '30 days'
                                ORDER BY time DESC LIMIT 1) p
                            WHERE NOT t.deleted""").execute().map(rows -> {
                java.util.Map<String, Position> m = new java.util.HashMap<>();
                for (Row r : rows) {
                    Position.Builder p = Position.newBuilder()
                            .setPoint(org.muster.protocol.v1.GeoPoint.newBuilder().setLon(r.getDouble(3)).setLat(r.getDouble(4)))
                            .setTimeMs(r.getOffsetDateTime(2).toInstant().toEpochMilli()).setDeviceId(r.getString(1))
                            .setSource(org.muster.protocol.v1.PositionSource.forNumber(r.getShort(9)))
                            .setReceivedMs(r.getOffsetDateTime(10).toInstant().toEpochMilli());
                    if (r.getFloat(5) != null) {
                        p.setAccuracyM(r.getFloat(5));
                    }
                    if (r.getFloat(6) != null) {
                        p.setSpeedMps(r.getFloat(6));
                    }
                    if (r.getFloat(7) != null) {
                        p.setHeadingDeg(r.getFloat(7));
                    }
                    if (r.getFloat(8) != null) {
                        p.setAltitudeM(r.getFloat(8));
                    }
                    m.put(r.getString(0), p.build());
                }
                return m;
            });
            return Future.all(List.of(teams, incidents, caps, types, plans, assignments, alerts, devices, latest)).map(x -> new StoredState(
                    teams.result(), incidents.result(), caps.result(), types.result(), plans.result(),
                    assignments.result(), alerts.result(), devices.result(), latest.result()));
        });
    }

    @Override
    public Future<List<TimelineEvent>> events(long afterSeq, int limit) {
        return pool.preparedQuery("SELECT seq, payload FROM events WHERE seq > $1 ORDER BY seq LIMIT $2")
                .execute(Tuple.of(afterSeq, limit))
                .map(PgEventStore::events);
    }

    @Override
    public Future<List<TimelineEvent>> lastTeamEvents(List<String> teamIds, Instant at) {
        if (teamIds.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return pool.preparedQuery("""
                        SELECT e.seq, e.payload FROM unnest($1::text[]) AS t(team_id)
                        CROSS JOIN LATERAL (
                            SELECT seq, payload FROM events
                            WHERE events.team_id = t.team_id AND occurred_at <= $2
                              AND type IN ('TEAM_REGISTERED', 'TEAM_UPDATED', 'TEAM_REMOVED', 'TEAM_STATUS_CHANGED',
                                           'TEAM_DISPATCHED', 'ASSIGNMENT_STATUS_CHANGED')
                            ORDER BY seq DESC LIMIT 1) e""")
                .execute(Tuple.of(teamIds.toArray(new String[0]), utc(at)))
                .map(PgEventStore::events);
    }

    @Override
    public Future<Void> ping() {
        return pool.query("SELECT 1").execute().mapEmpty();
    }

    private static <T extends Message> Future<List<T>> all(SqlConnection conn, String sql, Parser<T> parser) {
        return conn.query(sql).execute().map(rows -> {
            List<T> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(parse(parser, r.getBuffer(0)));
            }
            return out;
        });
    }

    private static List<TimelineEvent> events(RowSet<Row> rows) {
        List<TimelineEvent> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(parse(TimelineEvent.parser(), r.getBuffer("payload")).toBuilder().setSeq(r.getLong("seq")).build());
        }
        return out;
    }

    private static <T extends Message> T parse(Parser<T> parser, Buffer b) {
        try {
            return parser.parseFrom(b.getBytes());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable row in the store: " + e.getMessage(), e);
        }
    }

    /** An assignment is active (its team committed) until it is released or cancelled. */
    private static boolean active(AssignmentStatus s) {
        return s != AssignmentStatus.ASSIGNMENT_STATUS_RELEASED && s != AssignmentStatus.ASSIGNMENT_STATUS_CANCELLED;
    }

    static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    /** The same from epoch milliseconds (per stored fix: without the rules object that {@code ofInstant} makes each time). */
    static OffsetDateTime utcMillis(long ms) {
        return OffsetDateTime.of(java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000L),
                (int) Math.floorMod(ms, 1000L) * 1_000_000, ZoneOffset.UTC), ZoneOffset.UTC);
    }

    private static Buffer bytes(Message m) {
        return Buffer.buffer(m.toByteArray());
    }

    private static final class PgTransaction implements StoreTransaction {
        private final SqlConnection conn;
        private final List<TimelineEvent> appended = new ArrayList<>();

        PgTransaction(SqlConnection conn) {
            this.conn = conn;
        }

        /** sql selects (data, version, deleted) of one row. */
        private <T extends Message> Future<Stored<T>> one(String sql, String key, boolean forUpdate, Parser<T> parser) {
            return conn.preparedQuery(forUpdate ? sql + " FOR UPDATE" : sql).execute(Tuple.of(key)).map(rows -> {
                var it = rows.iterator();
                if (!it.hasNext()) {
                    return new Stored<T>(Optional.empty(), 0);
                }
                Row r = it.next();
                Optional<T> value = r.getBoolean(2) ? Optional.empty() : Optional.of(parse(parser, r.getBuffer(0)));
                return new Stored<>(value, r.getLong(1));
            });
        }

        @Override
        public Future<Stored<Team>> team(String id, boolean forUpdate) {
            return one("SELECT data, version, deleted FROM teams WHERE id = $1", id, forUpdate, Team.parser());
        }

        @Override
        public Future<Void> putTeam(Team t) {
            return conn.preparedQuery("""
                            INSERT INTO teams (id, version, region_code, status, updated_at, data) VALUES ($1, $2, $3, $4, $5, $6)
                            ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, region_code = EXCLUDED.region_code,
                              status = EXCLUDED.status, updated_at = EXCLUDED.updated_at, data = EXCLUDED.data,
                              deleted = false""")
                    .execute(Tuple.of(t.getId(), t.getVersion(), t.getRegionCode(), t.getStatus().name(),
                            utcMillis(t.getUpdatedMs()), bytes(t)))
                    .mapEmpty();
        }

        @Override
        public Future<Void> deleteTeam(Team last) {
            return conn.preparedQuery("UPDATE teams SET deleted = true, version = $2, updated_at = $3, data = $4 WHERE id = $1")
                    .execute(Tuple.of(last.getId(), last.getVersion(), utcMillis(last.getUpdatedMs()), bytes(last)))
                    .mapEmpty();
        }

        @Override
        public Future<Stored<Incident>> incident(String id, boolean forUpdate) {
            return one("SELECT data, version, false FROM incidents WHERE id = $1", id, forUpdate, Incident.parser());
        }

        @Override
        public Future<Void> putIncident(Incident i) {
            return conn.preparedQuery("""
                            INSERT INTO incidents (id, version, type, status, region_code, reported_at, updated_at, data)
                            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                            ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, type = EXCLUDED.type,
                              status = EXCLUDED.status, region_code = EXCLUDED.region_code,
                              updated_at = EXCLUDED.updated_at, data = EXCLUDED.data""")
                    .execute(Tuple.from(List.of(i.getId(), i.getVersion(), i.getType().name(), i.getStatus().name(),
                            i.getRegionCode(), utcMillis(i.getReportedMs()), utcMillis(i.getUpdatedMs()), bytes(i))))
                    .mapEmpty();
        }

        @Override
        public Future<Stored<EquipmentType>> equipmentType(String code, boolean forUpdate) {
            return one("SELECT data, version, deleted FROM equipment_types WHERE code = $1", code, forUpdate, EquipmentType.parser());
        }

        @Override
        public Future<Void> putEquipmentType(EquipmentType t) {
            return conn.preparedQuery("""
                            INSERT INTO equipment_types (code, version, updated_at, data) VALUES ($1, $2, $3, $4)
                            ON CONFLICT (code) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
                              data = EXCLUDED.data, deleted = false""")
                    .execute(Tuple.of(t.getCode(), t.getVersion(), utcMillis(t.getUpdatedMs()), bytes(t)))
                    .mapEmpty();
        }

        @Override
        public Future<Void> deleteEquipmentType(EquipmentType last) {
            return conn.preparedQuery("UPDATE equipment_types SET deleted = true, version = $2, updated_at = $3, data = $4 WHERE code = $1")
                    .execute(Tuple.of(last.getCode(), last.getVersion(), utcMillis(last.getUpdatedMs()), bytes(last)))
                    .mapEmpty();
        }

        @Override
        public Future<Void> putCapability(CapabilityDefinition c) {
            return conn.preparedQuery("""
                            INSERT INTO capability_definitions (code, data) VALUES ($1, $2)
                            ON CONFLICT (code) DO UPDATE SET data = EXCLUDED.data""")
                    .execute(Tuple.of(c.getCode(), bytes(c)))
                    .mapEmpty();
        }

        @Override
        public Future<Stored<ResponsePlan>> responsePlan(String id, boolean forUpdate) {
            return one("SELECT data, version, false FROM response_plans WHERE id = $1", id, forUpdate, ResponsePlan.parser());
        }

        @Override
        public Future<Void> putResponsePlan(ResponsePlan p) {
            return conn.preparedQuery("""
                            INSERT INTO response_plans (id, version, updated_at, data) VALUES ($1, $2, $3, $4)
                            ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
                              data = EXCLUDED.data""")
                    .execute(Tuple.of(p.getId(), p.getVersion(), utcMillis(p.getUpdatedMs()), bytes(p)))
                    .mapEmpty();
        }

        @Override
        public Future<Stored<Assignment>> assignment(String id, boolean forUpdate) {
            return one("SELECT data, version, false FROM assignments WHERE id = $1", id, forUpdate, Assignment.parser());
        }

        @Override
        public Future<Void> putAssignment(Assignment a) {
            return conn.preparedQuery("""
                            INSERT INTO assignments (id, version, incident_id, team_id, status, active, updated_at, data)
                            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                            ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, status = EXCLUDED.status,
                              active = EXCLUDED.active, updated_at = EXCLUDED.updated_at, data = EXCLUDED.data""")
                    .execute(Tuple.from(List.of(a.getId(), a.getVersion(), a.getIncidentId(), a.getTeamId(),
                            a.getStatus().name(), active(a.getStatus()), utcMillis(a.getUpdatedMs()), bytes(a))))
                    .mapEmpty();
        }

        @Override
        public Future<Stored<Device>> device(String id, boolean forUpdate) {
            return one("SELECT data, version, deleted FROM devices WHERE id = $1", id, forUpdate, Device.parser());
        }

        @Override
        public Future<Void> putDevice(Device d, String authCodeHash) {
            return conn.preparedQuery("""
                            INSERT INTO devices (id, version, deleted, team_id, protocol, auth_code_hash, updated_at, data)
                            VALUES ($1, $2, $3, $4, $5, $6, now(), $7)
                            ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, deleted = EXCLUDED.deleted,
                              team_id = EXCLUDED.team_id, protocol = EXCLUDED.protocol,
                              auth_code_hash = COALESCE(EXCLUDED.auth_code_hash, devices.auth_code_hash),
                              updated_at = now(), data = EXCLUDED.data""")
                    .execute(Tuple.from(java.util.Arrays.asList(d.getId(), d.getVersion(), d.getDeleted(), d.getTeamId(),
                            d.getProtocol().name(), authCodeHash, bytes(d))))
                    .mapEmpty();
        }

        @Override
        public Future<Optional<String>> deviceAuthCodeHash(String id) {
            return conn.preparedQuery("SELECT auth_code_hash FROM devices WHERE id = $1 AND NOT deleted").execute(Tuple.of(id))
                    .map(rows -> {
                        var it = rows.iterator();
                        return it.hasNext() ? Optional.ofNullable(it.next().getString(0)) : Optional.empty();
                    });
        }

        @Override
        public Future<Long> activeAssignments(String incidentId) {
            return conn.preparedQuery("SELECT count(*) FROM assignments WHERE incident_id = $1 AND active")
                    .execute(Tuple.of(incidentId)).map(rows -> rows.iterator().next().getLong(0));
        }

        @Override
        public Future<Stored<Alert>> alert(String id, boolean forUpdate) {
            return one("SELECT data, version, false FROM alerts WHERE id = $1", id, forUpdate, Alert.parser());
        }

        @Override
        public Future<Optional<Alert>> openAlert(String assignmentId, String kind) {
            return conn.preparedQuery("SELECT data FROM alerts WHERE assignment_id = $1 AND kind = $2 AND open FOR UPDATE")
                    .execute(Tuple.of(assignmentId, kind))
                    .map(rows -> {
                        var it = rows.iterator();
                        return it.hasNext() ? Optional.of(parse(Alert.parser(), it.next().getBuffer(0))) : Optional.empty();
                    });
        }

        @Override
        public Future<Void> putAlert(Alert a) {
            return conn.preparedQuery("""
                            INSERT INTO alerts (id, version, kind, assignment_id, team_id, incident_id, open, raised_at, updated_at, data)
                            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                            ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, open = EXCLUDED.open,
                              updated_at = EXCLUDED.updated_at, data = EXCLUDED.data""")
                    .execute(Tuple.from(List.of(a.getId(), a.getVersion(), a.getKind().name(), a.getAssignmentId(),
                            a.getTeamId(), a.getIncidentId(), a.getResolvedMs() == 0, utcMillis(a.getRaisedMs()),
                            utcMillis(Math.max(a.getRaisedMs(), Math.max(a.getAcknowledgedMs(), a.getResolvedMs()))), bytes(a))))
                    .mapEmpty();
        }

        @Override
        public Future<TimelineEvent> append(TimelineEvent e) {
            TimelineEvent stored = e.toBuilder().clearSeq().build();
            return conn.preparedQuery("""
                            INSERT INTO events (id, occurred_at, type, actor, actor_role, incident_id, team_id, payload)
                            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq""")
                    .execute(Tuple.from(java.util.Arrays.asList(UUID.fromString(e.getId()), utcMillis(e.getTimeMs()),
                            e.getPayloadCase().name(), e.getActor().getSubject(), e.getActor().getRole(),
                            e.getIncidentId().isEmpty() ? null : e.getIncidentId(),
                            e.getTeamId().isEmpty() ? null : e.getTeamId(), bytes(stored))))
                    .map(rows -> {
                        TimelineEvent withSeq = e.toBuilder().setSeq(rows.iterator().next().getLong(0)).build();
                        appended.add(withSeq);
                        return withSeq;
                    });
        }

        @Override
        public <T> Future<T> savepoint(Supplier<Future<T>> work) {
            int mark = appended.size();
            return conn.query("SAVEPOINT item").execute().compose(x -> {
                Future<T> f;
                try {
                    f = work.get();
                } catch (RuntimeException e) {
                    f = Future.failedFuture(e);
                }
                return f.transform(ar -> {
                    if (ar.succeeded()) {
                        return conn.query("RELEASE SAVEPOINT item").execute().map(ar.result());
                    }
                    appended.subList(mark, appended.size()).clear();
                    return conn.query("ROLLBACK TO SAVEPOINT item").execute().compose(y -> Future.<T>failedFuture(ar.cause()));
                });
            });
        }

        @Override
        public List<TimelineEvent> appended() {
            return List.copyOf(appended);
        }

        @Override
        public Future<Optional<StoredResponse>> storedResponse(String principal, String key) {
            // The advisory lock makes a concurrent retry with the same key wait for the first to finish.
            return conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended(length($1) || ':' || $1 || $2, 0))")
                    .execute(Tuple.of(principal, key))
                    .compose(x -> conn.preparedQuery(
                                    "SELECT request_hash, status, response FROM idempotency_keys WHERE principal = $1 AND key = $2")
                            .execute(Tuple.of(principal, key)))
                    .map(rows -> {
                        var it = rows.iterator();
                        if (!it.hasNext()) {
                            return Optional.empty();
                        }
                        Row r = it.next();
                        return Optional.of(new StoredResponse(r.getString(0), r.getInteger(1), r.getString(2)));
                    });
        }

        @Override
        public Future<Void> storeResponse(String principal, String key, StoredResponse response) {
            return conn.preparedQuery("""
                            INSERT INTO idempotency_keys (principal, key, request_hash, status, response)
                            VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING""")
                    .execute(Tuple.of(principal, key, response.requestHash(), response.status(), response.body()))
                    .mapEmpty();
        }

        @Override
        public Future<Void> lock(String name) {
            return conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 1))").execute(Tuple.of(name)).mapEmpty();
        }

        @Override
        public Future<Optional<String>> fact(String name) {
            return conn.preparedQuery("SELECT value FROM store_facts WHERE name = $1").execute(Tuple.of(name))
                    .map(rows -> {
                        var it = rows.iterator();
                        return it.hasNext() ? Optional.of(it.next().getString(0)) : Optional.empty();
                    });
        }

        @Override
        public Future<Void> setFact(String name, String value) {
            return conn.preparedQuery("""
                            INSERT INTO store_facts (name, value) VALUES ($1, $2)
                            ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, set_at = now()""")
                    .execute(Tuple.of(name, value))
                    .mapEmpty();
        }
    }
}
