package org.muster.server.live;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Items from many threads reach the context, every one once, each thread's in its order, never two at a time. */
class ContextQueueTest {
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyItemIsTakenOnceInEachProducersOrderOnTheContextOnly() throws Exception {
        Context context = vertx.getOrCreateContext();
        int producers = 6;
        int perProducer = 50_000;
        int[] lastSeen = new int[producers];
        java.util.Arrays.fill(lastSeen, -1);
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(producers * perProducer);
        // a small batch, so that the queue often reschedules itself while producers still add
        ContextQueue<int[]> q = new ContextQueue<>(context, 7, item -> {
            if (inside.incrementAndGet() != 1) {
                problems.add("consumed concurrently");
            }
            if (Vertx.currentContext() != context) {
                problems.add("consumed off the context");
            }
            if (item[1] != lastSeen[item[0]] + 1) {
                problems.add("producer " + item[0] + ": " + item[1] + " after " + lastSeen[item[0]]);
            }
            lastSeen[item[0]] = item[1];
            taken.incrementAndGet();
            inside.decrementAndGet();
            all.countDown();
        });
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread t = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    q.add(new int[] {producer, i});
                    if (i % 1000 == 0) {
                        Thread.yield(); // let the queue run dry now and then, so that it is armed again
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(all.await(30, TimeUnit.SECONDS)).as("every item taken, %d of them", taken.get()).isTrue();
        Thread.sleep(100); // nothing is taken twice after the last one
        assertThat(taken.get()).isEqualTo(producers * perProducer);
        assertThat(problems).isEmpty();
    }

    @Test
    void anItemIsConsumedBeforeATaskItsProducerPutsOnTheContextAfterIt() throws Exception {
        Context context = vertx.getOrCreateContext();
        int n = 200_000;
        int[] consumed = {-1};
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        // no cap: the promise holds while no more than a batch waits
        ContextQueue<Integer> q = new ContextQueue<>(context, Integer.MAX_VALUE, i -> consumed[0] = i);
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < n; i++) {
            int item = i;
            q.add(item);
            // as the device socket does: its answer, then its close
            context.runOnContext(v -> {
                if (consumed[0] < item) {
                    problems.add("task after item " + item + " ran when only " + consumed[0] + " was consumed");
                }
                if (item == n - 1) {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(problems).isEmpty();
    }
}
