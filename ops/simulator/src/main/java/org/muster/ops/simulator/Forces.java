package org.muster.ops.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The rescue forces of Sichuan as the demo knows them: every tier of DOMAIN.md, at real cities and counties, with
 * equipment kits that such teams hold (codes of the built-in catalogue). Names follow Chinese practice; the teams
 * themselves are invented. Deterministic for a seed.
 */
final class Forces {
    /** A place teams are based at: GB/T 2260 code, centre. */
    record Base(String name, String region, double lon, double lat, int size) {
    }

    /** Cities of Sichuan, with a rough size (how many stations of each kind). */
    static final List<Base> CITIES = List.of(
            new Base("成都", "510100", 104.066, 30.572, 5),
            new Base("自贡", "510300", 104.778, 29.339, 2),
            new Base("攀枝花", "510400", 101.718, 26.582, 2),
            new Base("泸州", "510500", 105.443, 28.871, 2),
            new Base("德阳", "510600", 104.398, 31.127, 2),
            new Base("绵阳", "510700", 104.679, 31.467, 3),
            new Base("广元", "510800", 105.843, 32.435, 2),
            new Base("遂宁", "510900", 105.593, 30.533, 2),
            new Base("内江", "511000", 105.058, 29.580, 2),
            new Base("乐山", "511100", 103.766, 29.552, 3),
            new Base("南充", "511300", 106.110, 30.837, 2),
            new Base("眉山", "511400", 103.848, 30.075, 2),
            new Base("宜宾", "511500", 104.643, 28.752, 2),
            new Base("广安", "511600", 106.633, 30.456, 1),
            new Base("达州", "511700", 107.468, 31.209, 2),
            new Base("雅安", "511800", 103.013, 29.987, 3),
            new Base("巴中", "511900", 106.747, 31.867, 1),
            new Base("资阳", "512000", 104.627, 30.129, 1),
            new Base("阿坝州", "513200", 102.224, 31.899, 2),
            new Base("甘孜州", "513300", 101.964, 30.050, 3),
            new Base("凉山州", "513400", 102.264, 27.894, 3));

    /** Counties around the Dadu river valley, each with grass-roots teams in its towns. */
    static final List<Base> COUNTIES = List.of(
            new Base("泸定县", "513322", 102.234, 29.914, 5),
            new Base("康定市", "513301", 101.964, 30.050, 3),
            new Base("九龙县", "513324", 101.507, 29.001, 2),
            new Base("丹巴县", "513323", 101.890, 30.878, 2),
            new Base("石棉县", "511824", 102.359, 29.231, 4),
            new Base("汉源县", "511823", 102.652, 29.347, 3),
            new Base("天全县", "511825", 102.758, 30.066, 3),
            new Base("荥经县", "511822", 102.846, 29.793, 2),
            new Base("芦山县", "511826", 102.928, 30.144, 2),
            new Base("宝兴县", "511827", 102.815, 30.368, 2),
            new Base("冕宁县", "513433", 102.170, 28.550, 2),
            new Base("雨城区", "511802", 103.013, 29.987, 3));

    private final Random random;
    private final List<JsonObject> teams = new ArrayList<>();

    Forces(long seed) {
        this.random = new Random(seed);
        for (Base city : CITIES) {
            for (int i = 1; i <= city.size() * 3; i++) {
                teams.add(fireStation(city, i, i == 1));
            }
            for (int i = 1; i <= city.size() + 1; i++) {
                teams.add(localProfessional(city, i));
            }
            for (int i = 1; i <= Math.max(1, city.size() - 1); i++) {
                teams.add(social(city, i));
            }
        }
        for (Base county : COUNTIES) {
            for (int i = 1; i <= county.size(); i++) {
                teams.add(grassroots(county, i));
            }
            teams.add(social(county, 1));
        }
        nationalTeams();
        forestBrigades();
    }

    List<JsonObject> teams() {
        return teams;
    }

    private JsonObject team(String id, String name, String tier, Base base, String transport, int staffing,
                            Map<String, Integer> kit, List<String> skills, String organisation) {
        double lon = base.lon() + (random.nextDouble() - 0.5) * 0.08;
        double lat = base.lat() + (random.nextDouble() - 0.5) * 0.06;
        JsonArray equipment = new JsonArray();
        kit.forEach((code, qty) -> equipment.add(new JsonObject().put("typeCode", code).put("quantity", qty)));
        return new JsonObject()
                .put("id", id).put("name", name).put("tier", tier).put("regionCode", base.region())
                .put("transport", transport).put("staffing", staffing)
                .put("home", point(lon, lat))
                .put("equipment", equipment).put("skills", new JsonArray(skills))
                .put("organisation", organisation)
                .put("contact", "0" + (800 + random.nextInt(199)) + "-" + (1_000_000 + random.nextInt(8_999_999)));
    }

    static JsonObject point(double lon, double lat) {
        return new JsonObject().put("type", "Point")
                .put("coordinates", new JsonArray().add(Math.round(lon * 1e6) / 1e6).add(Math.round(lat * 1e6) / 1e6));
    }

    private static Map<String, Integer> kit(Object... codeQty) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < codeQty.length; i += 2) {
            if ((Integer) codeQty[i + 1] > 0) {
                m.put((String) codeQty[i], (Integer) codeQty[i + 1]);
            }
        }
        return m;
    }

    private JsonObject fireStation(Base city, int n, boolean special) {
        String id = "SC-FIRE-" + city.region() + "-" + n;
        if (special) {
            return team(id, "四川消防 " + city.name() + "支队 特勤站", "NATIONAL_FIRE_RESCUE", city, "ROAD",
                    40 + random.nextInt(20),
                    kit("2030101", 2, "2030103", 1, "2010501", 1, "2010102", 2, "2010101", 2, "2010201", 3,
                            "2010302", 2, "2050102", 16, "2020201", 2, "2020205", 4, "2070102", 4, "2090201", 1),
                    List.of("STRUCTURAL_FIREFIGHTING", "HEAVY_URBAN_SEARCH_RESCUE", "WATER_RESCUE", "DIVING",
                            "HIGH_ANGLE_ROPE_RESCUE"), "四川省消防救援总队");
        }
        return team(id, "四川消防 " + city.name() + "支队 第" + n + "消防救援站", "NATIONAL_FIRE_RESCUE", city, "ROAD",
                20 + random.nextInt(15),
                kit("2030101", 2, "2030102", random.nextInt(2), "2010201", 1, "2010101", 1, "2050102", 10, "2070102", 2,
                        "2090202", 2),
                random.nextBoolean() ? List.of("STRUCTURAL_FIREFIGHTING", "HIGH_ANGLE_ROPE_RESCUE") : List.of("STRUCTURAL_FIREFIGHTING"),
                "四川省消防救援总队");
    }

    private JsonObject localProfessional(Base city, int n) {
        String id = "SC-LOCAL-" + city.region() + "-" + n;
        return switch (n % 5) {
            case 1 -> team(id, city.name() + "市防汛抢险队", "LOCAL_PROFESSIONAL", city, "ROAD", 30 + random.nextInt(20),
                    kit("2020101", 1, "2020102", 2, "2020103", 2, "2090102", 2, "2090201", 1, "2020206", 5, "2020202", 2),
                    List.of("WATER_RESCUE"), city.name() + "市应急管理局");
            case 2 -> team(id, city.name() + "市紧急医疗救援队", "LOCAL_PROFESSIONAL", city, "ROAD", 25 + random.nextInt(10),
                    kit("2070101", 4 + random.nextInt(4), "2070102", 10, "2070103", 6, "2070201", random.nextInt(2)),
                    List.of("EMERGENCY_MEDICAL"), city.name() + "市急救中心");
            case 3 -> team(id, "国网" + city.name() + "供电公司 应急抢修队", "LOCAL_PROFESSIONAL", city, "ROAD", 20,
                    kit("2090101", 2, "2090103", 2, "2090102", 4, "2090201", 2), List.of(), "国网四川省电力公司");
            case 4 -> team(id, city.name() + "通信应急保障队", "LOCAL_PROFESSIONAL", city, "OFF_ROAD", 12,
                    kit("2080102", 1, "2080103", 3, "2080101", 2, "2080104", 8, "2080106", 1, "2090102", 2),
                    List.of("COMMUNICATIONS_SUPPORT"), "四川通信管理局");
            default -> team(id, city.name() + "公路养护应急队", "LOCAL_PROFESSIONAL", city, "ROAD", 25,
                    kit("3010101", 2, "3010102", 2, "2060101", 2, "2060102", 2, "2090201", 1), List.of(), city.name() + "市交通运输局");
        };
    }

    private JsonObject social(Base base, int n) {
        String id = "SC-SOCIAL-" + base.region() + "-" + n;
        String[] names = {"蓝天救援队", "应急救援志愿服务队", "山地救援队", "公羊救援队"};
        String name = names[random.nextInt(names.length)];
        return team(id, base.name() + name + (n > 1 ? " " + n + "分队" : ""), "SOCIAL", base, "OFF_ROAD", 10 + random.nextInt(25),
                kit("2020202", 2, "2020204", 2, "2010101", 1, "2100201", 1, "2080104", 2, "2070102", 4, "2090202", 1),
                random.nextBoolean() ? List.of("WATER_RESCUE", "HIGH_ANGLE_ROPE_RESCUE") : List.of("HIGH_ANGLE_ROPE_RESCUE"),
                "四川省社会应急力量");
    }

    private JsonObject grassroots(Base county, int n) {
        String[] towns = {"城关镇", "磨西镇", "得妥镇", "兴隆镇", "烹坝镇", "冷碛镇", "新兴乡", "德威镇", "杵坭乡"};
        String town = county.region().equals("513322") ? towns[(n - 1) % towns.length] : "第" + n + "乡镇";
        Base place = county;
        if (county.region().equals("513322") && n == 2) {
            place = new Base("磨西镇", "513322", 102.120, 29.640, 1);
        } else if (county.region().equals("513322") && n == 3) {
            place = new Base("得妥镇", "513322", 102.160, 29.430, 1);
        }
        return team("SC-GRASS-" + county.region() + "-" + n, county.name() + town + "综合应急救援队", "GRASSROOTS", place,
                "OFF_ROAD", 15 + random.nextInt(15),
                kit("2020104", 2, "2090102", 1, "2090202", 2, "2070102", 2, "1010101", 10, "2030201", 4),
                List.of(), county.name() + "人民政府");
    }

    private void nationalTeams() {
        Base chengdu = new Base("彭州", "510182", 103.958, 30.990, 1);
        teams.add(team("NAT-SW-CENTRE-1", "国家西南区域应急救援中心 重型救援队", "NATIONAL_REGIONAL_CENTRE", chengdu, "ROAD", 120,
                kit("2010102", 4, "2010101", 4, "2010201", 6, "2010301", 2, "2010302", 4, "2010401", 4, "2010501", 2,
                        "2080102", 1, "2080101", 2, "2080103", 2, "2090101", 1, "2070201", 1, "3010101", 2, "2100201", 4),
                List.of("HEAVY_URBAN_SEARCH_RESCUE", "EMERGENCY_MEDICAL", "COMMUNICATIONS_SUPPORT", "HIGH_ANGLE_ROPE_RESCUE"),
                "应急管理部"));
        teams.add(team("NAT-SW-CENTRE-2", "国家西南区域应急救援中心 水域救援队", "NATIONAL_REGIONAL_CENTRE", chengdu, "ROAD", 60,
                kit("2020201", 6, "2020202", 4, "2020203", 2, "2020204", 4, "2020205", 8, "2020101", 1, "2090101", 1),
                List.of("WATER_RESCUE", "DIVING"), "应急管理部"));
        Base anneng = new Base("成都", "510100", 104.12, 30.68, 1);
        teams.add(team("NAT-ENG-1", "国家安能救援队 成都基地", "NATIONAL_PROFESSIONAL", anneng, "ROAD", 150,
                kit("3010101", 6, "3010102", 4, "3010103", 2, "3010104", 1, "3020101", 2, "2090101", 1, "2020102", 2, "2090201", 2),
                List.of(), "中国安能建设集团"));
        Base guangyuan = new Base("广元", "510800", 105.843, 32.435, 1);
        Base dazhou = new Base("达州", "511700", 107.468, 31.209, 1);
        Base panzhihua = new Base("攀枝花", "510400", 101.718, 26.582, 1);
        int n = 1;
        for (Base b : List.of(guangyuan, dazhou, panzhihua)) {
            teams.add(team("NAT-MINE-" + n, "国家矿山应急救援 " + b.name() + "队", "NATIONAL_PROFESSIONAL", b, "ROAD", 80,
                    kit("2050101", 20, "2050102", 10, "2050401", 3, "2050501", 2, "2040102", 6, "2050301", n == 1 ? 1 : 0,
                            "2050201", 1, "2090102", 2),
                    List.of("MINE_RESCUE", "TUNNEL_RESCUE"), "国家矿山安全监察局"));
            n++;
        }
        Base zigong = new Base("自贡", "510300", 104.778, 29.339, 1);
        Base luzhou = new Base("泸州", "510500", 105.443, 28.871, 1);
        teams.add(team("NAT-HAZMAT-1", "国家危险化学品应急救援 自贡队", "NATIONAL_PROFESSIONAL", zigong, "ROAD", 70,
                kit("2040101", 1, "2040102", 8, "2040201", 1, "2040202", 12, "2040203", 3, "2040204", 2, "2030102", 2, "2050102", 20),
                List.of("HAZMAT_RESPONSE", "STRUCTURAL_FIREFIGHTING"), "应急管理部"));
        teams.add(team("NAT-WATER-1", "国家水上应急救援 长江泸州队", "NATIONAL_PROFESSIONAL", luzhou, "WATER", 50,
                kit("2020201", 6, "2020202", 4, "2020203", 2, "2020204", 3, "2020205", 6), List.of("WATER_RESCUE", "DIVING"),
                "交通运输部"));
        Base xichang = new Base("西昌", "513401", 102.264, 27.894, 1);
        Base shuangliu = new Base("双流", "510116", 103.923, 30.574, 1);
        teams.add(team("NAT-AIR-1", "应急管理部 西南航空救援队 西昌", "NATIONAL_PROFESSIONAL", xichang, "AIR", 24,
                kit("2100101", 2, "2100201", 2), List.of("EMERGENCY_MEDICAL"), "应急管理部"));
        teams.add(team("NAT-AIR-2", "应急管理部 航空救援 成都双流基地", "NATIONAL_PROFESSIONAL", shuangliu, "AIR", 30,
                kit("2100101", 2, "2100102", 1, "2100202", 1), List.of(), "应急管理部"));
    }

    private void forestBrigades() {
        int n = 1;
        for (Base b : List.of(new Base("西昌", "513401", 102.30, 27.90, 1), new Base("康定", "513301", 101.98, 30.03, 1),
                new Base("马尔康", "513201", 102.21, 31.91, 1), new Base("冕宁", "513433", 102.17, 28.56, 1),
                new Base("泸定", "513322", 102.24, 29.92, 1))) {
            teams.add(team("SC-FOREST-" + n, "四川森林消防 " + b.name() + "大队", "NATIONAL_FIRE_RESCUE", b, "OFF_ROAD",
                    60 + random.nextInt(30),
                    kit("2030201", 20, "2030202", 5, "2030203", 1, "2030204", 2, "2100201", 2, "2080104", 4, "2080101", 1),
                    List.of("FOREST_FIREFIGHTING"), "四川省森林消防总队"));
            n++;
        }
    }
}
