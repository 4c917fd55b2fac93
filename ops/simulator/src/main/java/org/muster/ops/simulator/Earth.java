package org.muster.ops.simulator;

import java.util.ArrayList;
import java.util.List;

/** Just enough spherical geometry to move simulated teams along paths (great-circle on a sphere, metres). */
final class Earth {
    static final double RADIUS = 6_371_008.8;

    private Earth() {
    }

    static double distance(double lon1, double lat1, double lon2, double lat2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * RADIUS * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    static double bearing(double lon1, double lat1, double lon2, double lat2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dl = Math.toRadians(lon2 - lon1);
        double y = Math.sin(dl) * Math.cos(p2);
        double x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
        return (Math.toDegrees(Math.atan2(y, x)) + 360) % 360;
    }

    /** A path of [lon, lat] points and its cumulative lengths. */
    static final class Path {
        final List<double[]> points;
        final double[] cumulative;

        Path(List<double[]> points) {
            this.points = List.copyOf(points);
            this.cumulative = new double[points.size()];
            for (int i = 1; i < points.size(); i++) {
                double[] a = points.get(i - 1);
                double[] b = points.get(i);
                cumulative[i] = cumulative[i - 1] + distance(a[0], a[1], b[0], b[1]);
            }
        }

        double length() {
            return cumulative[cumulative.length - 1];
        }

        /** The point {@code along} metres from the start, and the heading there: {lon, lat, heading}. */
        double[] at(double along) {
            if (along <= 0) {
                double[] p = points.get(0);
                double[] q = points.size() > 1 ? points.get(1) : p;
                return new double[] {p[0], p[1], bearing(p[0], p[1], q[0], q[1])};
            }
            for (int i = 1; i < points.size(); i++) {
                if (along <= cumulative[i]) {
                    double[] a = points.get(i - 1);
                    double[] b = points.get(i);
                    double seg = cumulative[i] - cumulative[i - 1];
                    double f = seg == 0 ? 1 : (along - cumulative[i - 1]) / seg;
                    return new double[] {a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, bearing(a[0], a[1], b[0], b[1])};
                }
            }
            double[] last = points.get(points.size() - 1);
            return new double[] {last[0], last[1], 0};
        }

        Path reversed() {
            List<double[]> r = new ArrayList<>(points);
            java.util.Collections.reverse(r);
            return new Path(r);
        }
    }
}
