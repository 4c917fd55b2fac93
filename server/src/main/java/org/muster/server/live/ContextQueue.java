package org.muster.server.live;

import io.vertx.core.Context;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Items handed from any thread to one Vert.x context: taken there in the order they were added, by one task for all
 * that were added meanwhile, instead of one task (and often one wake-up of the event loop) per item. At most
 * {@code batch} items are taken per task, so that a burst does not hold the context for long.
 *
 * <p>Threading: {@link #add} from any thread; the consumer runs on the context only, never concurrently with itself.
 * Items added by one thread are consumed in the order that thread added them, and before any task that thread then
 * puts on the context (unless more than {@code batch} items wait): a device's answer is written before the close
 * that follows it.
 */
public final class ContextQueue<T> {
    private final Context context;
    private final int batch;
    private final Consumer<T> consumer;
    private final ConcurrentLinkedQueue<T> queued = new ConcurrentLinkedQueue<>();
    /** A task to take the queue is on its way or running. */
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public ContextQueue(Context context, int batch, Consumer<T> consumer) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1");
        }
        this.context = context;
        this.batch = batch;
        this.consumer = consumer;
    }

    public void add(T item) {
        queued.add(item);
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    private void drain() {
        // cleared before the queue is taken: an item added from now on queues another task (behind this one), so
        // an item is never left waiting, and a task the producer queues on the context after adding runs after it
        scheduled.set(false);
        T item;
        int n = 0;
        while ((item = queued.poll()) != null) {
            consumer.accept(item);
            if (++n == batch && !queued.isEmpty()) {
                if (scheduled.compareAndSet(false, true)) {
                    context.runOnContext(v -> drain());
                }
                return;
            }
        }
    }
}
