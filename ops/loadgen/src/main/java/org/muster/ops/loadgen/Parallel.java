package org.muster.ops.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Runs {@code count} asynchronous steps with at most {@code concurrency} in flight; fails with the first failure. */
final class Parallel {
    private Parallel() {
    }

    static Future<Void> run(int count, int concurrency, IntFunction<Future<Void>> step) {
        if (count == 0) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        for (int w = 0; w < Math.min(concurrency, count); w++) {
            pump(count, next, finished, step, done);
        }
        return done.future();
    }

    private static void pump(int count, AtomicInteger next, AtomicInteger finished, IntFunction<Future<Void>> step,
                             Promise<Void> done) {
        int i = next.getAndIncrement();
        if (i >= count) {
            return;
        }
        step.apply(i).onComplete(ar -> {
            if (ar.failed()) {
                done.tryFail(ar.cause());
                return;
            }
            if (finished.incrementAndGet() == count) {
                done.tryComplete();
            } else {
                pump(count, next, finished, step, done);
            }
        });
    }
}
