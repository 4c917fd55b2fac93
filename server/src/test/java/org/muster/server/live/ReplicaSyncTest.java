package org.muster.server.live;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.GeoPoint;
import org.muster.protocol.v1.Position;
import org.muster.protocol.v1.Team;
import org.muster.server.support.TestMember;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica's full scan ({@link Replica#sync()}) on a real member's Hazelcast, on a map of live positions (which have
 * no version): the scan's copy never takes a key back to an older value than its events brought, never removes a key
 * created while it ran, and a scan of a map the replica already holds tells no observer anything.
 */
class ReplicaSyncTest {
    private static TestMember m;
    private static HazelcastInstance hz;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        m = TestMember.single();
        hz = m.main().hazelcast();
        vertx = m.main().vertx();
    }

    @AfterAll
    static void stop() {
        m.close();
    }

    private static Position at(long timeMs) {
        return Position.newBuilder().setPoint(GeoPoint.newBuilder().setLon(104 + timeMs * 1e-6).setLat(30))
                .setTimeMs(timeMs).setDeviceId("d").build();
    }

    private record Started(Replica<Position> replica, List<String> observed) {
    }

    /** A replica of the map on its own context, listening, filled by a first scan; observed: "key:before>now". */
    private static Started replicaOf(IMap<String, Position> map) throws Exception {
        Context context = vertx.getOrCreateContext();
        Replica<Position> r = new Replica<>(map, vertx, context);
        return new Started(r, start(r, context, p -> p.getTimeMs()));
    }

    private static <V extends com.google.protobuf.Message> List<String> start(Replica<V> r, Context context,
                                                                              java.util.function.ToLongFunction<V> label) throws Exception {
        List<String> observed = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CompletableFuture<Void> listening = new java.util.concurrent.CompletableFuture<>();
        context.runOnContext(v -> {
            r.observe((key, now, before) -> observed.add(key + ":" + (before == null ? "-" : label.applyAsLong(before)) + ">"
                    + (now == null ? "-" : label.applyAsLong(now))));
            r.listen();
            listening.complete(null);
        });
        listening.get(10, TimeUnit.SECONDS);
        r.sync().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return observed;
    }

    @Test
    void versionedEntitiesAreComparedByVersionAndALostChangeIsHealed() throws Exception {
        IMap<String, Team> map = hz.getMap("replica-sync-teams-" + UUID.randomUUID());
        for (int i = 0; i < 5; i++) {
            map.set("T" + i, Team.newBuilder().setId("T" + i).setName("team " + i).setVersion(1).build());
        }
        Context context = vertx.getOrCreateContext();
        Replica<Team> r = new Replica<>(map, vertx, context);
        List<String> observed = start(r, context, Team::getVersion);
        observed.clear();
        assertThat(r.sync().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(observed).isEmpty();

        r.close();
        map.set("T2", Team.newBuilder().setId("T2").setName("renamed").setVersion(2).build());
        Thread.sleep(500); // its event finds no listener
        r.listen();

        assertThat(r.sync().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(r.get("T2").getName()).isEqualTo("renamed");
        assertThat(observed).containsExactly("T2:1>2");
    }

    @Test
    void aScanOfWhatTheReplicaHoldsChangesNothing() throws Exception {
        IMap<String, Position> map = hz.getMap("replica-sync-quiet-" + UUID.randomUUID());
        for (int i = 0; i < 300; i++) {
            map.set("k" + i, at(1000 + i));
        }
        Started s = replicaOf(map);
        assertThat(s.replica().size()).isEqualTo(300);
        s.observed().clear();

        int changed = s.replica().sync().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(changed).isZero();
        assertThat(s.observed()).isEmpty();
    }

    @Test
    void scansWhileKeysMoveAndAppearNeverTakeOneBackNorRemoveOne() throws Exception {
        IMap<String, Position> map = hz.getMap("replica-sync-busy-" + UUID.randomUUID());
        int keys = 300;
        for (int i = 0; i < keys; i++) {
            map.set("k" + i, at(1));
        }
        Started s = replicaOf(map);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        AtomicInteger created = new AtomicInteger();
        Thread writer = new Thread(() -> {
            try {
                // every key moves forward in time, over and over, and new keys appear, while the scans run
                for (long t = 2; running.get(); t++) {
                    for (int i = 0; i < keys; i++) {
                        map.set("k" + i, at(t));
                    }
                    map.set("new" + created.getAndIncrement(), at(t));
                }
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "writer");
        writer.start();
        int syncs = 0;
        try {
            long until = System.currentTimeMillis() + 4000;
            while (System.currentTimeMillis() < until) {
                s.replica().sync().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                syncs++;
            }
        } finally {
            running.set(false);
            writer.join(10_000);
        }
        assertThat(failed.get()).isNull();
        assertThat(syncs).isGreaterThanOrEqualTo(2);
        assertThat(created.get()).isGreaterThan(3);

        List<String> backwards = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        synchronized (s.observed()) {
            for (String o : s.observed()) {
                String[] kv = o.split(":");
                String[] bn = kv[1].split(">");
                if (bn[1].equals("-")) {
                    removed.add(o);
                } else if (!bn[0].equals("-") && Long.parseLong(bn[1]) < Long.parseLong(bn[0])) {
                    backwards.add(o);
                }
            }
        }
        assertThat(backwards).as("moves back to an older value").isEmpty();
        assertThat(removed).as("keys removed though they exist").isEmpty();
        // and the events bring the replica to the map's final state
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && !map.keySet().stream()
                .allMatch(k -> map.get(k).equals(s.replica().get(k)))) {
            Thread.sleep(50);
        }
        for (String key : map.keySet()) {
            assertThat(s.replica().get(key)).as(key).isEqualTo(map.get(key));
        }
    }

    @Test
    void aChangeWhoseEventWasLostIsHealedByTheNextScan() throws Exception {
        IMap<String, Position> map = hz.getMap("replica-sync-lost-" + UUID.randomUUID());
        for (int i = 0; i < 20; i++) {
            map.set("k" + i, at(10));
        }
        Started s = replicaOf(map);
        // no listener while these change: their events are lost to this replica
        s.replica().close();
        map.set("k3", at(11));
        map.delete("k4");
        map.set("k20", at(12));
        // events are published a moment after the write returns: let them find no listener
        Thread.sleep(500);
        s.replica().listen();
        s.observed().clear();

        int changed = s.replica().sync().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(changed).as("healed; observed %s", s.observed()).isEqualTo(3);
        assertThat(s.replica().get("k3")).isEqualTo(at(11));
        assertThat(s.replica().get("k4")).isNull();
        assertThat(s.replica().get("k20")).isEqualTo(at(12));
        assertThat(s.observed()).containsExactlyInAnyOrder("k3:10>11", "k4:10>-", "k20:->12");
    }
}
