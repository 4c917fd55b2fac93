package org.muster.geo.index;

import java.util.Arrays;

/**
 * The best-first search's priority queue: a binary min-heap on a double key over parallel arrays, so that a query
 * allocates nothing once the arrays have grown. Not thread-safe; one per index.
 */
final class SearchHeap {

    static final byte NODE = 0;
    /** A point whose key is a lower bound; its exact distance is still to be measured. */
    static final byte POINT_BOUND = 1;
    /** A point whose key is its exact geodesic distance. */
    static final byte POINT_EXACT = 2;

    private double[] keys = new double[256];
    private Object[] refs = new Object[256];
    private byte[] kinds = new byte[256];
    private int size;

    void clear() {
        // Drop references so that a removed team is not kept alive by an old query.
        Arrays.fill(refs, 0, size, null);
        size = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    double topKey() {
        return keys[0];
    }

    Object topRef() {
        return refs[0];
    }

    byte topKind() {
        return kinds[0];
    }

    void push(double key, Object ref, byte kind) {
        if (size == keys.length) {
            int n = size * 2;
            keys = Arrays.copyOf(keys, n);
            refs = Arrays.copyOf(refs, n);
            kinds = Arrays.copyOf(kinds, n);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (keys[parent] <= key) {
                break;
            }
            keys[i] = keys[parent];
            refs[i] = refs[parent];
            kinds[i] = kinds[parent];
            i = parent;
        }
        keys[i] = key;
        refs[i] = ref;
        kinds[i] = kind;
    }

    void pop() {
        int last = --size;
        double key = keys[last];
        Object ref = refs[last];
        byte kind = kinds[last];
        refs[last] = null;
        if (last == 0) {
            return;
        }
        int i = 0;
        int half = last >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < last && keys[right] < keys[child]) {
                child = right;
            }
            if (key <= keys[child]) {
                break;
            }
            keys[i] = keys[child];
            refs[i] = refs[child];
            kinds[i] = kinds[child];
            i = child;
        }
        keys[i] = key;
        refs[i] = ref;
        kinds[i] = kind;
    }
}
