package org.muster.server.live;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.server.support.TestMember;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Hazelcast operation's result is taken where the operation completes (the owner's partition thread), not on the
 * common pool Hazelcast would use for a plain {@code whenComplete}, and reaches a Vert.x context with its value or its
 * failure.
 */
class StagesTest {
    private static HazelcastInstance hz;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        Config config = new Config().setClusterName("stages-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(TestMember.freePort()).setPortAutoIncrement(false);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        hz = Hazelcast.newHazelcastInstance(config);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        hz.shutdown();
    }

    /**
     * Names the thread it runs on, after a pause: long enough for the caller to register its callback before the
     * operation completes (a callback registered on a completed stage runs on the registering thread).
     */
    static final class ThreadName implements EntryProcessor<String, String, String> {
        @Override
        public String process(Map.Entry<String, String> entry) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Thread.currentThread().getName();
        }
    }

    @Test
    void theCallbackRunsOnTheThreadThatCompletedTheOperation() throws Exception {
        IMap<String, String> map = hz.getMap("stages");
        CompletableFuture<String[]> seen = new CompletableFuture<>();
        map.submitToKey("k", new ThreadName()).whenCompleteAsync((ranOn, failure) ->
                seen.complete(new String[] {ranOn, Thread.currentThread().getName()}), Stages.COMPLETING_THREAD);
        String[] threads = seen.get(10, TimeUnit.SECONDS);
        assertThat(threads[0]).contains("partition-operation");
        assertThat(threads[1]).isEqualTo(threads[0]);

        // what a plain whenComplete does instead: another thread is woken for the callback
        CompletableFuture<String> plain = new CompletableFuture<>();
        map.submitToKey("k", new ThreadName()).whenComplete((ranOn, failure) ->
                plain.complete(Thread.currentThread().getName()));
        assertThat(plain.get(10, TimeUnit.SECONDS)).doesNotContain("partition-operation");
    }

    @Test
    void aValueAndAFailureReachTheContext() throws Exception {
        Context context = vertx.getOrCreateContext();
        IMap<String, String> map = hz.getMap("stages");
        Future<String> value = Stages.onContext(map.submitToKey("k", new ThreadName()), context);
        CompletableFuture<Object[]> valueSeen = new CompletableFuture<>();
        value.onComplete(ar -> valueSeen.complete(new Object[] {ar.result(), Vertx.currentContext()}));
        Object[] v = valueSeen.get(10, TimeUnit.SECONDS);
        assertThat((String) v[0]).contains("partition-operation");
        assertThat(v[1]).isSameAs(context);

        CompletableFuture<String> failing = new CompletableFuture<>();
        Future<String> failed = Stages.onContext(failing, context);
        CompletableFuture<Object[]> failureSeen = new CompletableFuture<>();
        failed.onComplete(ar -> failureSeen.complete(new Object[] {ar.cause(), Vertx.currentContext()}));
        new Thread(() -> failing.completeExceptionally(new IllegalStateException("refused"))).start();
        Object[] f = failureSeen.get(10, TimeUnit.SECONDS);
        assertThat((Throwable) f[0]).isInstanceOf(IllegalStateException.class).hasMessage("refused");
        assertThat(f[1]).isSameAs(context);
    }
}
