package org.muster.server.live;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Hazelcast's futures without a needless thread in between. Their non-async callbacks ({@code whenComplete},
 * {@code thenApply}, and so Vert.x's {@code Future.fromCompletionStage}) do not run where the result arrives: Hazelcast
 * hands each to its default executor, the JDK's common fork-join pool, so a pool thread is woken for every completed
 * operation (thousands a second under position load). Here the callback runs on the thread that completes the
 * operation (for a key this member owns, the partition thread that ran it) and does only quick, non-blocking work
 * there.
 */
public final class Stages {
    /** Runs a callback on the thread that completes the stage. The callback must not block. */
    public static final Executor COMPLETING_THREAD = Runnable::run;

    private Stages() {
    }

    /** The stage's outcome as a Vert.x future whose callbacks run on {@code context}: one hand-over, not two. */
    public static <T> Future<T> onContext(CompletionStage<T> stage, Context context) {
        Promise<T> promise = Promise.promise();
        stage.whenCompleteAsync((value, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                promise.fail(failure);
            } else {
                promise.complete(value);
            }
        }), COMPLETING_THREAD);
        return promise.future();
    }
}
