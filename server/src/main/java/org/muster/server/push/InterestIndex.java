package org.muster.server.push;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sessions of one hub by what they are interested in, so that a change is tested only against the sessions that
 * could want it rather than against every session: bounding boxes by the grid cells they cover, regions by their
 * code prefix, incidents by id. Sessions that want everything, and boxes too large to index, are always tested.
 * Every candidate is then tested exactly with {@link Interest#matches(Change)} (which also applies a token's regional
 * scope), so the index can only narrow the search, never change an answer.
 *
 * <p>Threading: the hub's context only. The hub calls {@link #refresh} before matching: the index rebuilds itself
 * when the sessions or any session's interest changed since it was built (a new Interest object each time).
 */
final class InterestIndex {
    /** Grid cell size in degrees: a county is a few cells, a province a few hundred. */
    static final double CELL_DEG = 0.5;
    /** A box covering more cells than this is tested for every change instead. */
    static final int MAX_CELLS = 2048;

    private final List<ConsoleSession> always = new ArrayList<>();
    /**
     * The cells that boxes cover, as one array over the extent of all indexed boxes (cell x, y at {@code (x - gridX0) * gridH + y - gridY0}):
     * a lookup per change is arithmetic and one array read, with no key boxed or hashed. The extent is at most the
     * whole world at {@link #CELL_DEG} (259,200 cells, about 1 MB), and usually a province's few hundred.
     */
    private ConsoleSession[][] grid = new ConsoleSession[0][];
    private int gridX0;
    private int gridY0;
    private int gridW;
    private int gridH;
    private final Map<String, List<ConsoleSession>> regions = new HashMap<>();
    private final Map<String, List<ConsoleSession>> incidents = new HashMap<>();
    private ConsoleSession[] indexed = new ConsoleSession[0];
    private Interest[] indexedInterests = new Interest[0];
    /** Where marks come from: shared by the indexes of one hub, whose sessions carry one mark each. */
    private final Marks marks;
    private int rebuilds;

    /** Numbers for {@link ConsoleSession#matchStamp}: unique across every index that tests the same sessions. */
    static final class Marks {
        private long last;

        long next() {
            return ++last;
        }
    }

    InterestIndex() {
        this(new Marks());
    }

    /** An index whose marks do not collide with those of the other indexes given the same {@code marks}. */
    InterestIndex(Marks marks) {
        this.marks = marks;
    }

    /** Rebuilds the index if the sessions, their order or any interest differ from when it was built. */
    void refresh(Collection<ConsoleSession> sessions) {
        if (sessions.size() == indexed.length) {
            int i = 0;
            boolean same = true;
            for (ConsoleSession s : sessions) {
                if (indexed[i] != s || indexedInterests[i] != s.interest) {
                    same = false;
                    break;
                }
                i++;
            }
            if (same) {
                return;
            }
        }
        rebuild(sessions);
    }

    int rebuilds() {
        return rebuilds;
    }

    private void rebuild(Collection<ConsoleSession> sessions) {
        rebuilds++;
        always.clear();
        Map<Long, List<ConsoleSession>> cells = new HashMap<>();
        regions.clear();
        incidents.clear();
        indexed = sessions.toArray(new ConsoleSession[0]);
        indexedInterests = new Interest[indexed.length];
        for (int i = 0; i < indexed.length; i++) {
            ConsoleSession s = indexed[i];
            Interest in = s.interest;
            indexedInterests[i] = in;
            if (in.isEmpty()) {
                continue;
            }
            if (in.everything) {
                always.add(s);
                continue; // everything covers the rest
            }
            if (in.bbox != null) {
                int x0 = cellX(in.bbox[0]);
                int x1 = cellX(in.bbox[2]);
                int y0 = cellY(in.bbox[1]);
                int y1 = cellY(in.bbox[3]);
                if ((long) (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS) {
                    always.add(s);
                    continue;
                }
                for (int x = x0; x <= x1; x++) {
                    for (int y = y0; y <= y1; y++) {
                        cells.computeIfAbsent(key(x, y), k -> new ArrayList<>(2)).add(s);
                    }
                }
            }
            for (String p : in.regionPrefixes) {
                regions.computeIfAbsent(p, k -> new ArrayList<>(2)).add(s);
            }
            for (String id : in.incidentIds) {
                incidents.computeIfAbsent(id, k -> new ArrayList<>(2)).add(s);
            }
        }
        layGrid(cells);
    }

    /** Lays the covered cells out as one array over their extent. */
    private void layGrid(Map<Long, List<ConsoleSession>> cells) {
        if (cells.isEmpty()) {
            grid = new ConsoleSession[0][];
            gridW = 0;
            gridH = 0;
            return;
        }
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = Integer.MIN_VALUE;
        int y1 = Integer.MIN_VALUE;
        for (long k : cells.keySet()) {
            int x = (int) (k >> 32);
            int y = (int) k;
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
            y0 = Math.min(y0, y);
            y1 = Math.max(y1, y);
        }
        gridX0 = x0;
        gridY0 = y0;
        gridW = x1 - x0 + 1;
        gridH = y1 - y0 + 1;
        grid = new ConsoleSession[gridW * gridH][];
        for (Map.Entry<Long, List<ConsoleSession>> e : cells.entrySet()) {
            long k = e.getKey();
            grid[((int) (k >> 32) - x0) * gridH + ((int) k - y0)] = e.getValue().toArray(new ConsoleSession[0]);
        }
    }

    /** The sessions whose boxes cover the cell of this place, or null. */
    private ConsoleSession[] cell(double lon, double lat) {
        if (gridW == 0 || Double.isNaN(lon) || Double.isNaN(lat)) {
            return null;
        }
        int x = cellX(lon) - gridX0;
        int y = cellY(lat) - gridY0;
        return x < 0 || y < 0 || x >= gridW || y >= gridH ? null : grid[x * gridH + y];
    }

    /** Calls {@code into} once for every session whose interest matches the change. */
    void forEachMatch(Change c, Consumer<ConsoleSession> into) {
        forEachMatch(c.regionCode(), c.lon(), c.lat(), c.incidentIds(), into);
    }

    /** The same for an entity at a place (NaN: none), of a region (or null), belonging to incidents (or null). */
    void forEachMatch(String region, double lon, double lat, String[] incidentIds, Consumer<ConsoleSession> into) {
        long mark = marks.next();
        Probe c = new Probe(region, lon, lat, incidentIds);
        offer(always, c, mark, into);
        ConsoleSession[] inCell = cell(lon, lat);
        if (inCell != null) {
            for (ConsoleSession s : inCell) {
                offer(s, c, mark, into);
            }
        }
        if (!regions.isEmpty() && region != null) {
            // interests hold province (2), prefecture (4) or county (6 digits) prefixes
            for (int len = 2; len <= region.length() && len <= 6; len += 2) {
                offer(regions.get(region.substring(0, len)), c, mark, into);
            }
        }
        if (!incidents.isEmpty() && incidentIds != null) {
            for (String id : incidentIds) {
                offer(incidents.get(id), c, mark, into);
            }
        }
    }

    /** What a change is tested by. */
    private record Probe(String region, double lon, double lat, String[] incidentIds) {
        boolean wantedBy(ConsoleSession s) {
            return s.interest.matches(region, lon, lat, incidentIds == null ? NONE : incidentIds);
        }
    }

    private static final String[] NONE = new String[0];

    private static void offer(List<ConsoleSession> candidates, Probe c, long mark, Consumer<ConsoleSession> into) {
        if (candidates == null) {
            return;
        }
        for (int i = 0, n = candidates.size(); i < n; i++) {
            offer(candidates.get(i), c, mark, into);
        }
    }

    private static void offer(ConsoleSession s, Probe c, long mark, Consumer<ConsoleSession> into) {
        if (s.matchStamp != mark) {
            s.matchStamp = mark;
            if (c.wantedBy(s)) {
                into.accept(s);
            }
        }
    }

    private static int cellX(double lon) {
        return (int) Math.floor((lon + 180) / CELL_DEG);
    }

    private static int cellY(double lat) {
        return (int) Math.floor((lat + 90) / CELL_DEG);
    }

    private static long key(int x, int y) {
        return ((long) x << 32) | (y & 0xffffffffL);
    }
}
