package org.muster.server.auth;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets (Bucket4j) per token and per remote address, so that one client, however hostile, cannot take the
 * capacity of others. A token may burst to four times its rate; an address without a valid token gets a small rate
 * (it is where password guessing and floods come from). Buckets idle for ten minutes are forgotten.
 *
 * <p>Thread-safe. The limits are per member: a cluster of N members admits up to N times the rate.
 */
public final class RateLimits {
    private final int perToken;
    private final int perAnonymousAddress;
    private final ConcurrentHashMap<String, Entry> buckets = new ConcurrentHashMap<>();

    public RateLimits(int perTokenPerSecond, int perAnonymousAddressPerSecond) {
        this.perToken = perTokenPerSecond;
        this.perAnonymousAddress = perAnonymousAddressPerSecond;
    }

    /** @return 0 if allowed, else the seconds to wait before trying again */
    public long forToken(String tokenKey) {
        return take("t:" + tokenKey, perToken);
    }

    public long forAnonymous(String address) {
        return take("a:" + address, perAnonymousAddress);
    }

    private long take(String key, int rate) {
        Entry e = buckets.computeIfAbsent(key, k -> new Entry(Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(4L * rate).refillGreedy(rate, Duration.ofSeconds(1)).build())
                .build()));
        e.touched = System.nanoTime();
        ConsumptionProbe p = e.bucket.tryConsumeAndReturnRemaining(1);
        return p.isConsumed() ? 0 : Math.max(1, Duration.ofNanos(p.getNanosToWaitForRefill()).toSeconds() + 1);
    }

    /** Forgets buckets idle for ten minutes (a full bucket is the same as none). Call periodically. */
    public void evictIdle() {
        long cutoff = System.nanoTime() - Duration.ofMinutes(10).toNanos();
        buckets.entrySet().removeIf(en -> en.getValue().touched < cutoff);
    }

    int size() {
        return buckets.size();
    }

    private static final class Entry {
        final Bucket bucket;
        volatile long touched;

        Entry(Bucket bucket) {
            this.bucket = bucket;
        }
    }
}
