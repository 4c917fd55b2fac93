package org.muster.geo.index;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interns capability codes ({@code "PUMPING"}, {@code "LIFE_DETECTION"}) as dense ints 0, 1, 2, ... so that the
 * index can keep one tree per capability in an array and a {@link CapabilityVector} can be a pair of small arrays.
 *
 * <p>Thread-safe and append-only: ids are never reused or renumbered, so an id read on one thread stays valid on
 * every thread. Look-ups are lock-free; only the first sight of a new code takes a lock.
 */
public final class CapabilityVocabulary {

    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
    private volatile String[] codes = new String[0];

    /** The id of {@code code}, interning it if it is new. Codes are case-sensitive and must not be blank. */
    public int idOf(String code) {
        Integer id = ids.get(code);
        if (id != null) {
            return id;
        }
        return intern(code);
    }

    /** The id of {@code code}, or -1 when it was never interned (a look-up that does not grow the vocabulary). */
    public int find(String code) {
        Integer id = ids.get(code);
        return id == null ? -1 : id;
    }

    /** The code of {@code id}; throws {@link IllegalArgumentException} for an id never handed out. */
    public String codeOf(int id) {
        String[] snapshot = codes;
        if (id < 0 || id >= snapshot.length) {
            throw new IllegalArgumentException("unknown capability id: " + id);
        }
        return snapshot[id];
    }

    /** How many codes have been interned; ids are {@code 0 .. size() - 1}. */
    public int size() {
        return codes.length;
    }

    private synchronized int intern(String code) {
        Objects.requireNonNull(code, "code");
        if (code.isBlank()) {
            throw new IllegalArgumentException("capability code must not be blank");
        }
        Integer existing = ids.get(code);
        if (existing != null) {
            return existing;
        }
        String[] grown = Arrays.copyOf(codes, codes.length + 1);
        int id = codes.length;
        grown[id] = code;
        // Publish the code before the id, so that whoever sees the id can also resolve it.
        codes = grown;
        ids.put(code, id);
        return id;
    }
}
