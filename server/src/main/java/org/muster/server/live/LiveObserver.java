package org.muster.server.live;

/**
 * Told of every change of one live map as this member's replica applies it, on the live picture's context, in the
 * map's order per key.
 *
 * @param <V> the entity
 */
@FunctionalInterface
public interface LiveObserver<V> {
    /**
     * @param key    the entity's key
     * @param now    the value after the change, or null when the entity left the picture
     * @param before the value before, or null when it is new
     */
    void changed(String key, V now, V before);
}
