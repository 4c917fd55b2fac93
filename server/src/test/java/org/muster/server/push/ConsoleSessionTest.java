package org.muster.server.push;

import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.Delta;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleSessionTest {

    private static Change change(int i) {
        return new Change("incident:" + i, "510000", 104.0, 30.0, null, i, false,
                Change.encodeChange(Delta.newBuilder().setTeamRemoved("T-" + i).build()));
    }

    /** Sends {@code n} changes, {@code perFrame} at a time; returns them in the order sent. */
    private static List<Change> send(ConsoleSession s, int from, int n, int perFrame) {
        List<Change> sent = new java.util.ArrayList<>();
        for (int i = from; i < from + n; i++) {
            Change c = change(i);
            s.enqueue(c, i);
            sent.add(c);
            if (sent.size() % perFrame == 0) {
                s.takePending(i);
            }
        }
        if (s.hasPending()) {
            s.takePending(from + n);
        }
        return sent;
    }

    @Test
    void theRetainedWindowGrowsWithWhatWasSentAndResumesExactly() {
        ConsoleSession s = new ConsoleSession("e", null, 1_000, 0);
        assertThat(s.historyCapacity()).isEqualTo(ConsoleSession.INITIAL_HISTORY);

        List<Change> sent = send(s, 0, 600, 7);
        assertThat(s.historyCapacity()).isEqualTo(1_000); // 256 -> 512 -> 1,000
        assertThat(s.seq()).isEqualTo(600);
        assertThat(s.since(0)).containsExactlyElementsOf(sent);
        assertThat(s.since(599)).containsExactly(sent.get(599));

        // past the limit the oldest go: a resume from before them gets a snapshot (null), after them exactly the rest
        sent.addAll(send(s, 600, 900, 13));
        assertThat(s.historyCapacity()).isEqualTo(1_000);
        assertThat(s.since(499)).isNull();
        assertThat(s.since(500)).containsExactlyElementsOf(sent.subList(500, 1_500));
        assertThat(s.since(1_500)).isEmpty();
    }

    @Test
    void waitingMovesOfAnEntityCoalesceInPlaceWhetherFewOrManyWait() {
        java.util.Random rnd = new java.util.Random(11);
        for (int round = 0; round < 200; round++) {
            int entities = 1 + rnd.nextInt(round % 2 == 0 ? 8 : 200); // below and far above SCAN_MOVES
            int n = rnd.nextInt(400);
            ConsoleSession s = new ConsoleSession("e", null, 1_000, 0);
            List<Change> expected = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                boolean move = rnd.nextInt(5) > 0;
                String key = "team:T-" + rnd.nextInt(entities);
                Change c = new Change(new String(key), "510000", 104.0, 30.0, null, i, move,
                        Change.encodeChange(Delta.newBuilder().setTeamRemoved(key + "#" + i).build()));
                s.enqueue(c, i);
                int at = -1;
                for (int j = 0; j < expected.size() && move; j++) {
                    if (expected.get(j).movement() && expected.get(j).key().equals(key)) {
                        at = j;
                    }
                }
                if (at >= 0) {
                    expected.set(at, c);
                } else {
                    expected.add(c);
                }
            }
            if (s.hasPending()) {
                s.takePending(n);
            }
            assertThat(s.since(0)).as("round " + round).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aConsoleThatGetsFewDeltasKeepsASmallRing() {
        ConsoleSession s = new ConsoleSession("e", null, 20_000, 0);
        List<Change> sent = send(s, 0, 200, 1);
        s.trimHistory(100); // sent at "times" 0..199: the first hundred are older than the window
        sent.addAll(send(s, 200, 200, 1));
        assertThat(s.historyCapacity()).isEqualTo(ConsoleSession.INITIAL_HISTORY * 2);
        assertThat(s.since(99)).isNull();
        assertThat(s.since(100)).containsExactlyElementsOf(sent.subList(100, 400));
    }
}
