package org.muster.server.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.muster.server.store.LocationHistory.StoredFix;
import org.muster.server.store.LocationHistory.Written;
import org.muster.server.support.TestPostgres;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history's write path against a real PostgreSQL: callers whose fixes share one statement each learn how many of
 * theirs were new, also when the statement met stored rows (the plain insert fails and is sent again skipping them).
 */
class PgLocationHistoryTest {
    private static final long T0 = 1_796_000_000_000L;
    private Vertx vertx;
    private Pool pool;
    private PgLocationHistory history;

    @BeforeEach
    void start() throws Exception {
        String uri = TestPostgres.freshDatabase();
        Migrations.apply(uri);
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
                .connectingTo(PgConnectOptions.fromUri(uri)).using(vertx).build();
        history = new PgLocationHistory(vertx, pool);
    }

    @AfterEach
    void stop() throws Exception {
        get(pool.close());
        get(vertx.close());
    }

    @Test
    void newFixesAreAllWrittenAndCountedNew() throws Exception {
        Written w = get(history.append(fixes("d1", 1, 100)));

        assertThat(w).isEqualTo(new Written(100, 0));
        assertThat(rows()).isEqualTo(100);
    }

    @Test
    void callersSharingAStatementWithStoredFixesEachGetTheirOwnCounts() throws Exception {
        get(history.append(fixes("d1", 1, 50)));

        // appended together, so gathered into one statement: d2's are all new, d1 resends 41..50 and adds 51..60,
        // d3 sends one fix twice
        List<StoredFix> d3 = new ArrayList<>(fixes("d3", 1, 5));
        d3.add(d3.get(2));
        Future<Written> a = history.append(fixes("d2", 1, 30));
        Future<Written> b = history.append(fixes("d1", 41, 60));
        Future<Written> c = history.append(d3);

        assertThat(get(a)).isEqualTo(new Written(30, 0));
        assertThat(get(b)).isEqualTo(new Written(10, 10));
        assertThat(get(c)).isEqualTo(new Written(5, 1));
        assertThat(rows()).isEqualTo(50 + 30 + 10 + 5);
    }

    @Test
    void aWholeResendIsCountedAsDuplicatesAndLaterWritesStillCount() throws Exception {
        get(history.append(fixes("d1", 1, 20)));

        assertThat(get(history.append(fixes("d1", 1, 20)))).isEqualTo(new Written(0, 20));
        // the writes after a conflict check each row first; their counts are the same
        assertThat(get(history.append(fixes("d1", 15, 40)))).isEqualTo(new Written(20, 6));
        assertThat(get(history.append(fixes("d2", 1, 10)))).isEqualTo(new Written(10, 0));
        assertThat(rows()).isEqualTo(50);
    }

    @Test
    void callersOnManyThreadsBeyondAFullStatementAreAllWrittenAndAnswered() throws Exception {
        // callers queue from any thread without a task each on the history's context; 20,000 rows arriving within
        // milliseconds are more than one statement takes (10,000): however they are gathered, every caller gets its
        // answer and every row is written once
        int threads = 8;
        int callsPerThread = 250;
        List<Future<Written>> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String device = "t" + t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int c = 0; c < callsPerThread; c++) {
                    answers.add(history.append(fixes(device, c * 10 + 1, c * 10 + 10)));
                }
            });
            th.start();
            callers.add(th);
        }
        go.countDown();
        for (Thread th : callers) {
            th.join();
        }
        for (Future<Written> a : new ArrayList<>(answers)) {
            assertThat(get(a)).isEqualTo(new Written(10, 0));
        }
        assertThat(answers).hasSize(threads * callsPerThread);
        assertThat(rows()).isEqualTo((long) threads * callsPerThread * 10);
    }

    private static List<StoredFix> fixes(String device, int fromSeq, int toSeq) {
        return IntStream.rangeClosed(fromSeq, toSeq).mapToObj(s -> new StoredFix(device, s, T0 + s * 1_000L,
                "team-" + device, 102.2 + s * 1e-4, 29.6, 5f, null, null, null, null, 1, T0 + s * 1_000L + 50))
                .toList();
    }

    private long rows() throws Exception {
        return get(pool.query("SELECT count(*) FROM positions").execute()).iterator().next().getLong(0);
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
