package org.muster.geo.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The member table against a {@link HashMap} under random adds and removals, with many colliding ids. */
class MemberTableTest {

    @Test
    void findsWhatAHashMapFindsUnderRandomAddsAndRemovals() {
        Random rnd = new Random(5);
        MemberTable table = new MemberTable();
        Map<String, Member> oracle = new HashMap<>();
        List<String> ids = new ArrayList<>();
        int slot = 0;
        for (int op = 0; op < 200_000; op++) {
            int r = rnd.nextInt(10);
            if (r < 5 || ids.isEmpty()) {
                String id = id(rnd);
                if (!oracle.containsKey(id)) {
                    Member m = new Member(new TeamPoint(id, 0, 0, 0, 0, 0, 0, CapabilityVector.empty()), slot++);
                    table.add(m);
                    oracle.put(id, m);
                    ids.add(id);
                }
            } else if (r < 8) {
                String id = ids.remove(rnd.nextInt(ids.size()));
                // A different String object with the same characters must find it too.
                assertThat(table.remove(new String(id))).isSameAs(oracle.remove(id));
            } else {
                String id = rnd.nextBoolean() ? ids.get(rnd.nextInt(ids.size())) : id(rnd);
                assertThat(table.get(id)).isSameAs(oracle.get(id));
                assertThat(table.remove("absent-" + id)).isNull();
            }
            if (op % 10_000 == 0) {
                assertThat(table.consistent()).isTrue();
            }
            assertThat(table.size()).isEqualTo(oracle.size());
        }
        assertThat(table.consistent()).isTrue();
        for (Map.Entry<String, Member> e : oracle.entrySet()) {
            assertThat(table.get(e.getKey())).isSameAs(e.getValue());
        }
    }

    /** Ids from a small alphabet of blocks with equal hash codes ("Aa" and "BB"), so that hashes collide a lot. */
    private static String id(Random rnd) {
        if (rnd.nextBoolean()) {
            return "team-" + rnd.nextInt(5_000);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            b.append(rnd.nextBoolean() ? "Aa" : "BB");
        }
        return b.toString();
    }
}
