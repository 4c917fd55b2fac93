package org.muster.ops.loadgen;

/**
 * A G x G grid of regional tiles over the team area, the way headquarters split a map between dispatchers: console
 * {@code i} subscribes to tile {@code i mod G²}, team {@code i} lives in tile {@code i mod G²}. Tile {@code t} is
 * column {@code t mod G}, row {@code t / G}, counted from the area's south-west corner. Tile boxes share their
 * edges; the teams and incidents of a tile keep {@link Fleet#MARGIN_DEG} away from them, so no change of a tile
 * lies in another tile's box. Immutable.
 */
final class Tiles {
    private final int side;
    private final double[] area;

    Tiles(int side, double[] area) {
        if (side < 1) {
            throw new IllegalArgumentException("--tiles must be at least 1");
        }
        this.side = side;
        this.area = area.clone();
    }

    int side() {
        return side;
    }

    int count() {
        return side * side;
    }

    /** The tile a console watches. */
    int ofConsole(int console) {
        return console % count();
    }

    /** Tile {@code t} as {minLon, minLat, maxLon, maxLat}: what its consoles subscribe to. */
    double[] box(int t) {
        int col = t % side;
        int row = t / side;
        return new double[] {edge(area[0], area[2], col), edge(area[1], area[3], row),
                edge(area[0], area[2], col + 1), edge(area[1], area[3], row + 1)};
    }

    /** Tile {@code t} shrunk by {@code margin} on every side: where its teams' homes and its incident go. */
    double[] inner(int t, double margin) {
        double[] b = box(t);
        return new double[] {b[0] + margin, b[1] + margin, b[2] - margin, b[3] - margin};
    }

    /** True if the point lies in tile {@code t}'s box, edges included (as the server matches a bounding box). */
    boolean contains(int t, double lon, double lat) {
        double[] b = box(t);
        return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
    }

    /** The edge after {@code k} tiles; the last edge is exactly {@code max}, so the tiles cover the area. */
    private double edge(double min, double max, int k) {
        return k == side ? max : min + (max - min) * k / side;
    }
}
