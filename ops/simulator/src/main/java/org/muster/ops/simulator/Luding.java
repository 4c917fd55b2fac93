package org.muster.ops.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

import static org.muster.ops.simulator.Forces.kit;
import static org.muster.ops.simulator.Scenario.blocked;
import static org.muster.ops.simulator.Scenario.box;
import static org.muster.ops.simulator.Scenario.town;

/**
 * The default storyline, after the Luding M6.8 earthquake of 5 September 2022 (epicentre near Moxi, Garzê, Sichuan):
 * the main shock with landslides cutting the valley roads, a landslide that dams the Wandong river below Detuo, and,
 * later the same day, waterlogging in Ya'an city. The forces are Sichuan's; the roads are G318 over the Erlang
 * Mountain tunnel, S211 up the Dadu valley, G5 from Xichang and the Chengdu plain expressways.
 */
final class Luding {
    /** Cities of Sichuan, with a rough size (how many stations of each kind). */
    static final List<Forces.Base> CITIES = List.of(
            new Forces.Base("成都", "510100", 104.066, 30.572, 5),
            new Forces.Base("自贡", "510300", 104.778, 29.339, 2),
            new Forces.Base("攀枝花", "510400", 101.718, 26.582, 2),
            new Forces.Base("泸州", "510500", 105.443, 28.871, 2),
            new Forces.Base("德阳", "510600", 104.398, 31.127, 2),
            new Forces.Base("绵阳", "510700", 104.679, 31.467, 3),
            new Forces.Base("广元", "510800", 105.843, 32.435, 2),
            new Forces.Base("遂宁", "510900", 105.593, 30.533, 2),
            new Forces.Base("内江", "511000", 105.058, 29.580, 2),
            new Forces.Base("乐山", "511100", 103.766, 29.552, 3),
            new Forces.Base("南充", "511300", 106.110, 30.837, 2),
            new Forces.Base("眉山", "511400", 103.848, 30.075, 2),
            new Forces.Base("宜宾", "511500", 104.643, 28.752, 2),
            new Forces.Base("广安", "511600", 106.633, 30.456, 1),
            new Forces.Base("达州", "511700", 107.468, 31.209, 2),
            new Forces.Base("雅安", "511800", 103.013, 29.987, 3),
            new Forces.Base("巴中", "511900", 106.747, 31.867, 1),
            new Forces.Base("资阳", "512000", 104.627, 30.129, 1),
            new Forces.Base("阿坝州", "513200", 102.224, 31.899, 2),
            new Forces.Base("甘孜州", "513300", 101.964, 30.050, 3),
            new Forces.Base("凉山州", "513400", 102.264, 27.894, 3));

    /** Counties around the Dadu river valley, each with grass-roots teams in its towns. */
    static final List<Forces.Base> COUNTIES = List.of(
            new Forces.Base("泸定县", "513322", 102.234, 29.914, 5),
            new Forces.Base("康定市", "513301", 101.964, 30.050, 3),
            new Forces.Base("九龙县", "513324", 101.507, 29.001, 2),
            new Forces.Base("丹巴县", "513323", 101.890, 30.878, 2),
            new Forces.Base("石棉县", "511824", 102.359, 29.231, 4),
            new Forces.Base("汉源县", "511823", 102.652, 29.347, 3),
            new Forces.Base("天全县", "511825", 102.758, 30.066, 3),
            new Forces.Base("荥经县", "511822", 102.846, 29.793, 2),
            new Forces.Base("芦山县", "511826", 102.928, 30.144, 2),
            new Forces.Base("宝兴县", "511827", 102.815, 30.368, 2),
            new Forces.Base("冕宁县", "513433", 102.170, 28.550, 2),
            new Forces.Base("雨城区", "511802", 103.013, 29.987, 3));

    /** The towns of Luding county that have their own grass-roots team (others sit at the county seat). */
    static final List<Forces.Base> TOWNS = List.of(
            new Forces.Base("城关镇", "513322", 102.234, 29.914, 1),
            new Forces.Base("磨西镇", "513322", 102.120, 29.640, 1),
            new Forces.Base("得妥镇", "513322", 102.160, 29.430, 1),
            new Forces.Base("兴隆镇", "513322", 102.234, 29.914, 1),
            new Forces.Base("烹坝镇", "513322", 102.234, 29.914, 1));

    private Luding() {
    }

    static Scenario scenario(long seed) {
        Forces forces = new Forces(new Forces.Region("SC", "四川省", "四川", CITIES, COUNTIES, TOWNS, specials()), seed);
        Roads roads = new Roads(List.of(
                town("成都", 104.066, 30.572),
                town("双流", 103.923, 30.574),
                town("新津", 103.811, 30.410),
                town("邛崃", 103.464, 30.410),
                town("名山", 103.109, 30.069),
                town("雅安", 103.013, 29.987),
                town("天全", 102.758, 30.066),
                town("二郎山隧道", 102.450, 29.880),
                town("泸定", 102.234, 29.914),
                town("冷碛", 102.220, 29.780),
                town("燕子沟", 102.150, 29.700),
                town("磨西", 102.120, 29.640),
                town("湾东", 102.140, 29.520),
                town("得妥", 102.160, 29.430),
                town("安顺场", 102.270, 29.280),
                town("石棉", 102.359, 29.231),
                town("汉源", 102.652, 29.347),
                town("荥经", 102.846, 29.793),
                town("康定", 101.964, 30.050),
                town("瓦斯沟", 102.180, 29.960),
                town("冕宁", 102.170, 28.550),
                town("西昌", 102.264, 27.894),
                town("攀枝花", 101.718, 26.582),
                town("洪雅", 103.370, 29.900),
                town("乐山", 103.766, 29.552),
                town("眉山", 103.848, 30.075),
                town("自贡", 104.778, 29.339),
                town("宜宾", 104.643, 28.752),
                town("泸州", 105.443, 28.871),
                town("内江", 105.058, 29.580),
                town("资阳", 104.627, 30.129),
                town("遂宁", 105.593, 30.533),
                town("南充", 106.110, 30.837),
                town("广安", 106.633, 30.456),
                town("达州", 107.468, 31.209),
                town("巴中", 106.747, 31.867),
                town("广元", 105.843, 32.435),
                town("绵阳", 104.679, 31.467),
                town("德阳", 104.398, 31.127),
                town("都江堰", 103.647, 30.988),
                town("汶川", 103.590, 31.476),
                town("马尔康", 102.224, 31.899)), List.of(
                List.of("成都", "双流", "新津", "邛崃", "名山", "雅安", "天全", "二郎山隧道", "泸定", "冷碛", "燕子沟", "磨西", "湾东", "得妥", "安顺场", "石棉"),
                List.of("康定", "瓦斯沟", "泸定"),
                List.of("雅安", "荥经", "汉源", "石棉", "冕宁", "西昌", "攀枝花"),
                List.of("雅安", "洪雅", "乐山", "自贡", "宜宾", "泸州"),
                List.of("成都", "眉山", "乐山"),
                List.of("成都", "资阳", "内江", "自贡"),
                List.of("内江", "泸州"),
                List.of("成都", "遂宁", "南充", "广安"),
                List.of("南充", "达州"),
                List.of("南充", "巴中"),
                List.of("成都", "德阳", "绵阳", "广元"),
                List.of("成都", "都江堰", "汶川", "马尔康")));
        List<Scenario.Step> steps = List.of(
                new Scenario.Step(10, new JsonObject()
                        .put("id", "DEMO-LUDING-QUAKE")
                        .put("type", "EARTHQUAKE_GEOLOGICAL").put("severity", "I")
                        .put("title", "泸定6.8级地震 磨西镇")
                        .put("description", "震中磨西镇，房屋倒塌，多处山体滑坡阻断道路，通信、电力中断。")
                        .put("regionCode", "513322")
                        .put("location", Forces.point(102.08, 29.59))
                        .put("area", box(101.95, 29.45, 102.30, 29.80))
                        .put("blockedAreas", new JsonArray()
                                .add(blocked("S211-WANDONG", "S211 湾东段山体滑坡", box(102.12, 29.50, 102.17, 29.54)))
                                .add(blocked("YANZIGOU", "燕子沟至磨西道路塌方", box(102.13, 29.67, 102.17, 29.71)))), 24),
                new Scenario.Step(1800, new JsonObject()
                        .put("id", "DEMO-WANDONG-DAM")
                        .put("type", "FLOOD").put("severity", "II")
                        .put("title", "湾东河 滑坡堰塞湖")
                        .put("description", "地震滑坡堵塞湾东河形成堰塞湖，下游得妥镇群众需转移。")
                        .put("regionCode", "513322")
                        .put("location", Forces.point(102.15, 29.47)), 10),
                new Scenario.Step(5400, new JsonObject()
                        .put("id", "DEMO-YAAN-WATERLOGGING")
                        .put("type", "URBAN_WATERLOGGING").put("severity", "IV")
                        .put("title", "雅安城区 强降雨内涝")
                        .put("regionCode", "511802")
                        .put("location", Forces.point(103.00, 29.99)), 4));
        return new Scenario("luding", "Luding M6.8 earthquake (2022)", "NAT-SW-CENTRE-1", forces, roads, steps);
    }

    /** The national teams of the south-west and Sichuan's forest fire brigades. */
    private static List<Forces.Spec> specials() {
        List<Forces.Spec> s = new ArrayList<>();
        Forces.Base chengdu = new Forces.Base("彭州", "510182", 103.958, 30.990, 1);
        s.add(new Forces.Spec("NAT-SW-CENTRE-1", "国家西南区域应急救援中心 重型救援队", "NATIONAL_REGIONAL_CENTRE", chengdu, "ROAD", 120,
                kit("2010102", 4, "2010101", 4, "2010201", 6, "2010301", 2, "2010302", 4, "2010401", 4, "2010501", 2,
                        "2080102", 1, "2080101", 2, "2080103", 2, "2090101", 1, "2070201", 1, "3010101", 2, "2100201", 4),
                List.of("HEAVY_URBAN_SEARCH_RESCUE", "EMERGENCY_MEDICAL", "COMMUNICATIONS_SUPPORT", "HIGH_ANGLE_ROPE_RESCUE"),
                "应急管理部"));
        s.add(new Forces.Spec("NAT-SW-CENTRE-2", "国家西南区域应急救援中心 水域救援队", "NATIONAL_REGIONAL_CENTRE", chengdu, "ROAD", 60,
                kit("2020201", 6, "2020202", 4, "2020203", 2, "2020204", 4, "2020205", 8, "2020101", 1, "2090101", 1),
                List.of("WATER_RESCUE", "DIVING"), "应急管理部"));
        Forces.Base anneng = new Forces.Base("成都", "510100", 104.12, 30.68, 1);
        s.add(new Forces.Spec("NAT-ENG-1", "国家安能救援队 成都基地", "NATIONAL_PROFESSIONAL", anneng, "ROAD", 150,
                kit("3010101", 6, "3010102", 4, "3010103", 2, "3010104", 1, "3020101", 2, "2090101", 1, "2020102", 2, "2090201", 2),
                List.of(), "中国安能建设集团"));
        int n = 1;
        for (Forces.Base b : List.of(new Forces.Base("广元", "510800", 105.843, 32.435, 1),
                new Forces.Base("达州", "511700", 107.468, 31.209, 1), new Forces.Base("攀枝花", "510400", 101.718, 26.582, 1))) {
            s.add(new Forces.Spec("NAT-MINE-" + n, "国家矿山应急救援 " + b.name() + "队", "NATIONAL_PROFESSIONAL", b, "ROAD", 80,
                    kit("2050101", 20, "2050102", 10, "2050401", 3, "2050501", 2, "2040102", 6, "2050301", n == 1 ? 1 : 0,
                            "2050201", 1, "2090102", 2),
                    List.of("MINE_RESCUE", "TUNNEL_RESCUE"), "国家矿山安全监察局"));
            n++;
        }
        Forces.Base zigong = new Forces.Base("自贡", "510300", 104.778, 29.339, 1);
        Forces.Base luzhou = new Forces.Base("泸州", "510500", 105.443, 28.871, 1);
        s.add(new Forces.Spec("NAT-HAZMAT-1", "国家危险化学品应急救援 自贡队", "NATIONAL_PROFESSIONAL", zigong, "ROAD", 70,
                kit("2040101", 1, "2040102", 8, "2040201", 1, "2040202", 12, "2040203", 3, "2040204", 2, "2030102", 2, "2050102", 20),
                List.of("HAZMAT_RESPONSE", "STRUCTURAL_FIREFIGHTING"), "应急管理部"));
        s.add(new Forces.Spec("NAT-WATER-1", "国家水上应急救援 长江泸州队", "NATIONAL_PROFESSIONAL", luzhou, "WATER", 50,
                kit("2020201", 6, "2020202", 4, "2020203", 2, "2020204", 3, "2020205", 6), List.of("WATER_RESCUE", "DIVING"),
                "交通运输部"));
        Forces.Base xichang = new Forces.Base("西昌", "513401", 102.264, 27.894, 1);
        Forces.Base shuangliu = new Forces.Base("双流", "510116", 103.923, 30.574, 1);
        s.add(new Forces.Spec("NAT-AIR-1", "应急管理部 西南航空救援队 西昌", "NATIONAL_PROFESSIONAL", xichang, "AIR", 24,
                kit("2100101", 2, "2100201", 2), List.of("EMERGENCY_MEDICAL"), "应急管理部"));
        s.add(new Forces.Spec("NAT-AIR-2", "应急管理部 航空救援 成都双流基地", "NATIONAL_PROFESSIONAL", shuangliu, "AIR", 30,
                kit("2100101", 2, "2100102", 1, "2100202", 1), List.of(), "应急管理部"));
        n = 1;
        for (Forces.Base b : List.of(new Forces.Base("西昌", "513401", 102.30, 27.90, 1), new Forces.Base("康定", "513301", 101.98, 30.03, 1),
                new Forces.Base("马尔康", "513201", 102.21, 31.91, 1), new Forces.Base("冕宁", "513433", 102.17, 28.56, 1),
                new Forces.Base("泸定", "513322", 102.24, 29.92, 1))) {
            s.add(new Forces.Spec("SC-FOREST-" + n, "四川森林消防 " + b.name() + "大队", "NATIONAL_FIRE_RESCUE", b, "OFF_ROAD",
                    60 + 6 * n,
                    kit("2030201", 20, "2030202", 5, "2030203", 1, "2030204", 2, "2100201", 2, "2080104", 4, "2080101", 1),
                    List.of("FOREST_FIREFIGHTING"), "四川省森林消防总队"));
            n++;
        }
        return s;
    }
}
