package org.muster.ops.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A coarse road graph of one scenario's region: towns on the national and provincial roads a rescue convoy would
 * take, linked in chains along each road. Routes go home -> nearest town -> shortest road path -> town nearest the
 * incident -> incident. Coordinates are approximate town centres; good enough for plausible paths at plausible
 * speeds, not for navigation.
 */
final class Roads {
    record Town(String name, double lon, double lat) {
    }

    private final Map<String, Town> towns = new HashMap<>();
    private final Map<String, List<String>> links = new HashMap<>();

    /** The towns, and the roads as chains of town names (each chain links its neighbours both ways). */
    Roads(List<Town> towns, List<List<String>> roads) {
        for (Town t : towns) {
            town(t.name(), t.lon(), t.lat());
        }
        for (List<String> road : roads) {
            for (String name : road) {
                if (!this.towns.containsKey(name)) {
                    throw new IllegalArgumentException("road through unknown town " + name);
                }
            }
            link(road.toArray(String[]::new));
        }
    }

    private void town(String name, double lon, double lat) {
        towns.put(name, new Town(name, lon, lat));
        links.put(name, new ArrayList<>());
    }

    private void link(String... chain) {
        for (int i = 1; i < chain.length; i++) {
            links.get(chain[i - 1]).add(chain[i]);
            links.get(chain[i]).add(chain[i - 1]);
        }
    }

    Town nearest(double lon, double lat) {
        Town best = null;
        double d = Double.MAX_VALUE;
        for (Town t : towns.values()) {
            double x = Earth.distance(lon, lat, t.lon(), t.lat());
            if (x < d) {
                d = x;
                best = t;
            }
        }
        return best;
    }

    /** A road route: the start, the towns on the shortest road path, the end. */
    Earth.Path route(double fromLon, double fromLat, double toLon, double toLat) {
        Town a = nearest(fromLon, fromLat);
        Town b = nearest(toLon, toLat);
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {fromLon, fromLat});
        for (Town t : shortest(a.name(), b.name())) {
            points.add(new double[] {t.lon(), t.lat()});
        }
        points.add(new double[] {toLon, toLat});
        return new Earth.Path(points);
    }

    private List<Town> shortest(String from, String to) {
        Map<String, Double> dist = new HashMap<>();
        Map<String, String> prev = new HashMap<>();
        PriorityQueue<Map.Entry<String, Double>> q = new PriorityQueue<>(Map.Entry.comparingByValue());
        dist.put(from, 0.0);
        q.add(Map.entry(from, 0.0));
        while (!q.isEmpty()) {
            var e = q.poll();
            String u = e.getKey();
            if (e.getValue() > dist.getOrDefault(u, Double.MAX_VALUE)) {
                continue;
            }
            if (u.equals(to)) {
                break;
            }
            Town tu = towns.get(u);
            for (String v : links.get(u)) {
                Town tv = towns.get(v);
                double nd = dist.get(u) + Earth.distance(tu.lon(), tu.lat(), tv.lon(), tv.lat());
                if (nd < dist.getOrDefault(v, Double.MAX_VALUE)) {
                    dist.put(v, nd);
                    prev.put(v, u);
                    q.add(Map.entry(v, nd));
                }
            }
        }
        List<Town> path = new ArrayList<>();
        if (!dist.containsKey(to)) {
            path.add(towns.get(from));
            path.add(towns.get(to));
            return path;
        }
        for (String at = to; at != null; at = prev.get(at)) {
            path.add(towns.get(at));
        }
        Collections.reverse(path);
        return path;
    }
}
