package org.muster.geo.index;

/**
 * The index's teams by id: an open-addressing hash table (linear probing, at most half full) of {@link Member}s,
 * which carry their own id and hash. A move looks its team up once; with a million teams every step of that is a
 * cache miss, and this table takes one fewer than a {@code HashMap} (no entry object between the slot and the
 * member): the id's hash, the table slot, the member. Ids are compared by reference first, so the id a caller keeps
 * passing back (a team's {@code TeamPoint}s share one) is never re-read. Confined to the index's thread.
 */
final class MemberTable {

    private Member[] table = new Member[16];
    private int size;

    int size() {
        return size;
    }

    Member get(String id) {
        int h = id.hashCode();
        Member[] t = table;
        int mask = t.length - 1;
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            Member m = t[i];
            if (m == null) {
                return null;
            }
            if (m.id == id || (m.hash == h && m.id.equals(id))) {
                return m;
            }
        }
    }

    /** Adds a member whose id is not in the table. */
    void add(Member m) {
        if (2 * (size + 1) > table.length) {
            grow();
        }
        insert(table, m);
        size++;
    }

    Member remove(String id) {
        int h = id.hashCode();
        Member[] t = table;
        int mask = t.length - 1;
        int i = spread(h) & mask;
        while (true) {
            Member m = t[i];
            if (m == null) {
                return null;
            }
            if (m.id == id || (m.hash == h && m.id.equals(id))) {
                break;
            }
            i = (i + 1) & mask;
        }
        Member gone = t[i];
        // Backward-shift deletion: pull later members of the probe run into the hole when their home allows it.
        int hole = i;
        for (int j = (i + 1) & mask; t[j] != null; j = (j + 1) & mask) {
            int home = spread(t[j].hash) & mask;
            // Move t[j] into the hole unless its home lies cyclically in (hole, j].
            boolean homeAfterHole = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeAfterHole) {
                t[hole] = t[j];
                hole = j;
            }
        }
        t[hole] = null;
        size--;
        return gone;
    }

    void clear() {
        table = new Member[16];
        size = 0;
    }

    private void grow() {
        Member[] bigger = new Member[table.length * 2];
        for (Member m : table) {
            if (m != null) {
                insert(bigger, m);
            }
        }
        table = bigger;
    }

    private static void insert(Member[] t, Member m) {
        int mask = t.length - 1;
        int i = spread(m.hash) & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = m;
    }

    /** Fibonacci hashing: ids like "team-123456" have hashes that differ in few low bits. */
    private static int spread(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }

    @Override
    public String toString() {
        return "MemberTable[size=" + size + ", capacity=" + table.length + "]";
    }

    /** For tests: every member is found from its home slot, and the count is right. */
    boolean consistent() {
        int n = 0;
        for (Member m : table) {
            if (m != null) {
                n++;
                if (get(m.id) != m) {
                    return false;
                }
            }
        }
        return n == size;
    }
}
