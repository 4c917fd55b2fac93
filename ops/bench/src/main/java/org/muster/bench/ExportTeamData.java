package org.muster.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

import org.muster.geo.index.TeamPoint;

/**
 * Writes the benchmark data set as CSV so that another system (PostGIS, in {@code ops/bench/postgis-knn.sh}) can be
 * measured on exactly the teams and query points the JMH benchmarks use: the same {@link TeamData}, the same seeds
 * (42 for teams, 7 for query points) and the same order of draws as {@code IndexQueryBench.build()}.
 *
 * <p>Usage: {@code java -cp muster-bench.jar org.muster.bench.ExportTeamData <dir> <teams> <queries>}. Writes
 * {@code <dir>/teams.csv} (id, lon, lat, fix_ms, status, tier, transport, caps as a PostgreSQL int array literal of
 * capability ids) and {@code <dir>/queries.csv} (seq, lon, lat), both without header, and prints the capability
 * ids of the marker capabilities, which the SQL filters use.
 */
public final class ExportTeamData {

    private ExportTeamData() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ExportTeamData <dir> <teams> <queries>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int teams = Integer.parseInt(args[1]);
        int queries = Integer.parseInt(args[2]);
        Files.createDirectories(dir);
        TeamData data = new TeamData();

        SplittableRandom rnd = new SplittableRandom(42);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("teams.csv"))) {
            StringBuilder b = new StringBuilder(128);
            for (int i = 0; i < teams; i++) {
                TeamPoint p = data.team("team-" + i, rnd);
                b.setLength(0);
                // Full double precision, so that both systems see the same coordinates.
                b.append(p.id()).append(',').append(p.lon()).append(',').append(p.lat()).append(',')
                        .append(p.fixTimeMs()).append(',').append(p.status()).append(',').append(p.tier()).append(',')
                        .append(p.transport()).append(",\"{");
                int[] ids = p.capabilities().ids();
                for (int c = 0; c < ids.length; c++) {
                    if (c > 0) {
                        b.append(',');
                    }
                    b.append(ids[c]);
                }
                b.append("}\"\n");
                w.append(b);
            }
        }

        SplittableRandom q = new SplittableRandom(7);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("queries.csv"))) {
            for (int i = 0; i < queries; i++) {
                double[] p = data.position(q);
                w.append(Integer.toString(i)).append(',').append(Double.toString(p[0])).append(',')
                        .append(Double.toString(p[1])).append('\n');
            }
        }
        System.out.printf(Locale.ROOT, "MARK_10=%d MARK_3=%d MARK_1=%d MARK_0_1=%d CAP_20=%d NOW=%d%n",
                data.sel10, data.sel3, data.sel1, data.sel01, data.catalogue[20], TeamData.NOW);
    }
}
