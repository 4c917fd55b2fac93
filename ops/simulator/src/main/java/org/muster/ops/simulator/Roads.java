package org.muster.ops.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A coarse road graph of Sichuan: towns on the national and provincial roads a rescue convoy would take (G318 over
 * the Erlang Mountain tunnel, S211 up the Dadu valley, G5 from Xichang, the Chengdu plain expressways). Routes go home
 * -> nearest town -> shortest road path -> town nearest the incident -> incident. Coordinates are approximate town
 * centres; good enough for plausible paths at plausible speeds, not for navigation.
 */
final class Roads {
    record Town(String name, double lon, double lat) {
    }

    private final Map<String, Town> towns = new HashMap<>();
    private final Map<String, List<String>> links = new HashMap<>();

    Roads() {
        town("成都", 104.066, 30.572);
        town("双流", 103.923, 30.574);
        town("新津", 103.811, 30.410);
        town("邛崃", 103.464, 30.410);
        town("名山", 103.109, 30.069);
        town("雅安", 103.013, 29.987);
        town("天全", 102.758, 30.066);
        town("二郎山隧道", 102.450, 29.880);
        town("泸定", 102.234, 29.914);
        town("冷碛", 102.220, 29.780);
        town("燕子沟", 102.150, 29.700);
        town("磨西", 102.120, 29.640);
        town("湾东", 102.140, 29.520);
        town("得妥", 102.160, 29.430);
        town("安顺场", 102.270, 29.280);
        town("石棉", 102.359, 29.231);
        town("汉源", 102.652, 29.347);
        town("荥经", 102.846, 29.793);
        town("康定", 101.964, 30.050);
        town("瓦斯沟", 102.180, 29.960);
        town("冕宁", 102.170, 28.550);
        town("西昌", 102.264, 27.894);
        town("攀枝花", 101.718, 26.582);
        town("洪雅", 103.370, 29.900);
        town("乐山", 103.766, 29.552);
        town("眉山", 103.848, 30.075);
        town("自贡", 104.778, 29.339);
        town("宜宾", 104.643, 28.752);
        town("泸州", 105.443, 28.871);
        town("内江", 105.058, 29.580);
        town("资阳", 104.627, 30.129);
        town("遂宁", 105.593, 30.533);
        town("南充", 106.110, 30.837);
        town("广安", 106.633, 30.456);
        town("达州", 107.468, 31.209);
        town("巴中", 106.747, 31.867);
        town("广元", 105.843, 32.435);
        town("绵阳", 104.679, 31.467);
        town("德阳", 104.398, 31.127);
        town("都江堰", 103.647, 30.988);
        town("汶川", 103.590, 31.476);
        town("马尔康", 102.224, 31.899);
        town("郑州", 113.625, 34.747);
        link("成都", "双流", "新津", "邛崃", "名山", "雅安", "天全", "二郎山隧道", "泸定", "冷碛", "燕子沟", "磨西", "湾东", "得妥", "安顺场", "石棉");
        link("康定", "瓦斯沟", "泸定");
        link("雅安", "荥经", "汉源", "石棉", "冕宁", "西昌", "攀枝花");
        link("雅安", "洪雅", "乐山", "自贡", "宜宾", "泸州");
        link("成都", "眉山", "乐山");
        link("成都", "资阳", "内江", "自贡");
        link("内江", "泸州");
        link("成都", "遂宁", "南充", "广安");
        link("南充", "达州");
        link("南充", "巴中");
        link("成都", "德阳", "绵阳", "广元");
        link("成都", "都江堰", "汶川", "马尔康");
        link("广元", "郑州");
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
