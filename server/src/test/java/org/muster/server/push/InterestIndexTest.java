package org.muster.server.push;

import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.BoundingBox;
import org.muster.protocol.v1.Subscribe;
import org.muster.server.auth.Principal;
import org.muster.server.auth.Role;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The hub's interest index against the plain test of every session, on random interests and changes. */
class InterestIndexTest {
    private static final String[] REGIONS = {"510000", "511800", "511822", "511823", "410100", "410102", "110000", "500100"};
    private static final String[] INCIDENTS = {"i_a", "i_b", "i_c", "i_d"};

    private static Interest randomInterest(Random r) {
        Subscribe.Builder s = Subscribe.newBuilder();
        switch (r.nextInt(6)) {
            case 0 -> s.setEverything(true);
            case 1 -> {
                // small boxes around China, some crossing cell borders, some exactly on them, some huge
                double w = r.nextInt(10) == 0 ? 60 : r.nextDouble() * 3;
                double h = r.nextInt(10) == 0 ? 40 : r.nextDouble() * 3;
                double lon = r.nextInt(4) == 0 ? 103.0 : 100 + r.nextDouble() * 10;
                double lat = r.nextInt(4) == 0 ? 30.5 : 25 + r.nextDouble() * 10;
                s.setBbox(BoundingBox.newBuilder().setMinLon(lon).setMinLat(lat).setMaxLon(Math.min(180, lon + w))
                        .setMaxLat(Math.min(90, lat + h)));
            }
            case 2 -> s.addRegionCodes(REGIONS[r.nextInt(REGIONS.length)]);
            case 3 -> s.addIncidentIds(INCIDENTS[r.nextInt(INCIDENTS.length)]);
            case 4 -> {
                s.setBbox(BoundingBox.newBuilder().setMinLon(102).setMinLat(29).setMaxLon(103).setMaxLat(30));
                s.addRegionCodes(REGIONS[r.nextInt(REGIONS.length)]).addIncidentIds(INCIDENTS[r.nextInt(INCIDENTS.length)]);
            }
            default -> {
                // nothing asked
            }
        }
        Interest in = Interest.of(s.build());
        return r.nextInt(5) == 0 ? in.within(List.of(REGIONS[r.nextInt(REGIONS.length)])) : in;
    }

    private static Change randomChange(Random r) {
        boolean placeless = r.nextInt(8) == 0;
        double lon = placeless ? Double.NaN : r.nextInt(5) == 0 ? 103.0 : 99 + r.nextDouble() * 12;
        double lat = placeless ? Double.NaN : r.nextInt(5) == 0 ? 30.0 : 24 + r.nextDouble() * 12;
        String region = r.nextInt(10) == 0 ? null : REGIONS[r.nextInt(REGIONS.length)];
        String[] incidents = r.nextBoolean() ? new String[0] : new String[] {INCIDENTS[r.nextInt(INCIDENTS.length)]};
        return new Change("team:T" + r.nextInt(100), region, lon, lat, incidents, 0, r.nextBoolean(), new byte[0]);
    }

    @Test
    void findsExactlyTheSessionsThatTestingEachOneFinds() {
        Random r = new Random(42);
        Principal p = new Principal("tester", Role.DISPATCHER, List.of(), null, null);
        Map<String, ConsoleSession> sessions = new LinkedHashMap<>();
        InterestIndex index = new InterestIndex();
        for (int round = 0; round < 50; round++) {
            // sessions come, go and change their interest between rounds
            for (int i = 0; i < 20; i++) {
                ConsoleSession s = new ConsoleSession("e" + round + "_" + i, p, 0, 0);
                s.interest = randomInterest(r);
                sessions.put(s.epoch, s);
            }
            List<String> keys = new ArrayList<>(sessions.keySet());
            for (int i = 0; i < 5; i++) {
                sessions.remove(keys.get(r.nextInt(keys.size())));
            }
            for (ConsoleSession s : sessions.values()) {
                if (r.nextInt(4) == 0) {
                    s.interest = randomInterest(r);
                }
            }
            index.refresh(sessions.values());
            for (int k = 0; k < 200; k++) {
                Change c = randomChange(r);
                Set<String> expected = new TreeSet<>();
                for (ConsoleSession s : sessions.values()) {
                    if (!s.interest.isEmpty() && s.interest.matches(c)) {
                        expected.add(s.epoch);
                    }
                }
                List<String> found = new ArrayList<>();
                index.forEachMatch(c, s -> found.add(s.epoch));
                assertThat(found).as("round %d change %d: each session at most once", round, k).doesNotHaveDuplicates();
                assertThat(new TreeSet<>(found)).as("round %d change %d", round, k).isEqualTo(expected);
            }
        }
    }

    @Test
    void rebuildsOnlyWhenSessionsOrInterestsChanged() {
        Principal p = new Principal("tester", Role.DISPATCHER, List.of(), null, null);
        Map<String, ConsoleSession> sessions = new LinkedHashMap<>();
        ConsoleSession s = new ConsoleSession("e1", p, 0, 0);
        s.interest = Interest.of(Subscribe.newBuilder().addRegionCodes("511800").build());
        sessions.put(s.epoch, s);
        InterestIndex index = new InterestIndex();
        index.refresh(sessions.values());
        index.refresh(sessions.values());
        assertThat(index.rebuilds()).isEqualTo(1);
        s.interest = Interest.of(Subscribe.newBuilder().addRegionCodes("511822").build());
        index.refresh(sessions.values());
        assertThat(index.rebuilds()).isEqualTo(2);
        List<String> found = new ArrayList<>();
        index.forEachMatch(new Change("team:T1", "511800", 103, 30, new String[0], 0, true, new byte[0]), x -> found.add(x.epoch));
        assertThat(found).as("the county no longer covers the prefecture's other counties").isEmpty();
        index.forEachMatch(new Change("team:T1", "511822", 103, 30, new String[0], 0, true, new byte[0]), x -> found.add(x.epoch));
        assertThat(found).containsExactly("e1");
    }
}
