package org.muster.ops.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The rescue forces of one province as a scenario knows them: every tier of DOMAIN.md, at real cities and counties,
 * with equipment kits that such teams hold (codes of the built-in catalogue). The standing tiers (fire stations, local
 * professional, social and grass-roots teams) are generated from the {@link Region}'s places; the national and
 * special teams are the region's own list. Names follow Chinese practice; the teams themselves are invented.
 * Deterministic for a seed.
 */
final class Forces {
    /** A place teams are based at: name, GB/T 2260 code, centre, and a rough size (how many stations of each kind). */
    record Base(String name, String region, double lon, double lat, int size) {
    }

    /** A team given in full by a scenario (national and special teams); its home is jittered around its base. */
    record Spec(String id, String name, String tier, Base base, String transport, int staffing,
                Map<String, Integer> kit, List<String> skills, String organisation) {
    }

    /**
     * Where the forces are: {@code prefix} starts the ids of generated teams ("SC"), {@code province} is the full name
     * ("四川省") and {@code provinceShort} the short one ("四川"). Cities get fire stations, local professional and
     * social teams; counties get grass-roots teams, placed at the named {@code towns} of their county where given.
     */
    record Region(String prefix, String province, String provinceShort, List<Base> cities, List<Base> counties,
                  List<Base> towns, List<Spec> specials) {
    }

    private final Region where;
    private final Random random;
    private final List<JsonObject> teams = new ArrayList<>();

    Forces(Region where, long seed) {
        this.where = where;
        this.random = new Random(seed);
        for (Base city : where.cities()) {
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
        for (Base county : where.counties()) {
            for (int i = 1; i <= county.size(); i++) {
                teams.add(grassroots(county, i));
            }
            teams.add(social(county, 1));
        }
        for (Spec s : where.specials()) {
            teams.add(team(s.id(), s.name(), s.tier(), s.base(), s.transport(), s.staffing(), s.kit(), s.skills(),
                    s.organisation()));
        }
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

    /** Equipment type code, quantity, code, quantity, ...; zero quantities are left out. */
    static Map<String, Integer> kit(Object... codeQty) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < codeQty.length; i += 2) {
            if ((Integer) codeQty[i + 1] > 0) {
                m.put((String) codeQty[i], (Integer) codeQty[i + 1]);
            }
        }
        return m;
    }

    private String fireCorps() {
        return where.province() + "消防救援总队";
    }

    private JsonObject fireStation(Base city, int n, boolean special) {
        String id = where.prefix() + "-FIRE-" + city.region() + "-" + n;
        String unit = where.provinceShort() + "消防 " + city.name() + "支队";
        if (special) {
            return team(id, unit + " 特勤站", "NATIONAL_FIRE_RESCUE", city, "ROAD",
                    40 + random.nextInt(20),
                    kit("2030101", 2, "2030103", 1, "2010501", 1, "2010102", 2, "2010101", 2, "2010201", 3,
                            "2010302", 2, "2050102", 16, "2020201", 2, "2020205", 4, "2070102", 4, "2090201", 1),
                    List.of("STRUCTURAL_FIREFIGHTING", "HEAVY_URBAN_SEARCH_RESCUE", "WATER_RESCUE", "DIVING",
                            "HIGH_ANGLE_ROPE_RESCUE"), fireCorps());
        }
        return team(id, unit + " 第" + n + "消防救援站", "NATIONAL_FIRE_RESCUE", city, "ROAD",
                20 + random.nextInt(15),
                kit("2030101", 2, "2030102", random.nextInt(2), "2010201", 1, "2010101", 1, "2050102", 10, "2070102", 2,
                        "2090202", 2),
                random.nextBoolean() ? List.of("STRUCTURAL_FIREFIGHTING", "HIGH_ANGLE_ROPE_RESCUE") : List.of("STRUCTURAL_FIREFIGHTING"),
                fireCorps());
    }

    private JsonObject localProfessional(Base city, int n) {
        String id = where.prefix() + "-LOCAL-" + city.region() + "-" + n;
        return switch (n % 5) {
            case 1 -> team(id, city.name() + "市防汛抢险队", "LOCAL_PROFESSIONAL", city, "ROAD", 30 + random.nextInt(20),
                    kit("2020101", 1, "2020102", 2, "2020103", 2, "2090102", 2, "2090201", 1, "2020206", 5, "2020202", 2),
                    List.of("WATER_RESCUE"), city.name() + "市应急管理局");
            case 2 -> team(id, city.name() + "市紧急医疗救援队", "LOCAL_PROFESSIONAL", city, "ROAD", 25 + random.nextInt(10),
                    kit("2070101", 4 + random.nextInt(4), "2070102", 10, "2070103", 6, "2070201", random.nextInt(2)),
                    List.of("EMERGENCY_MEDICAL"), city.name() + "市急救中心");
            case 3 -> team(id, "国网" + city.name() + "供电公司 应急抢修队", "LOCAL_PROFESSIONAL", city, "ROAD", 20,
                    kit("2090101", 2, "2090103", 2, "2090102", 4, "2090201", 2), List.of(), "国网" + where.province() + "电力公司");
            case 4 -> team(id, city.name() + "通信应急保障队", "LOCAL_PROFESSIONAL", city, "OFF_ROAD", 12,
                    kit("2080102", 1, "2080103", 3, "2080101", 2, "2080104", 8, "2080106", 1, "2090102", 2),
                    List.of("COMMUNICATIONS_SUPPORT"), where.province() + "通信管理局");
            default -> team(id, city.name() + "公路养护应急队", "LOCAL_PROFESSIONAL", city, "ROAD", 25,
                    kit("3010101", 2, "3010102", 2, "2060101", 2, "2060102", 2, "2090201", 1), List.of(), city.name() + "市交通运输局");
        };
    }

    private JsonObject social(Base base, int n) {
        String id = where.prefix() + "-SOCIAL-" + base.region() + "-" + n;
        String[] names = {"蓝天救援队", "应急救援志愿服务队", "山地救援队", "公羊救援队"};
        String name = names[random.nextInt(names.length)];
        return team(id, base.name() + name + (n > 1 ? " " + n + "分队" : ""), "SOCIAL", base, "OFF_ROAD", 10 + random.nextInt(25),
                kit("2020202", 2, "2020204", 2, "2010101", 1, "2100201", 1, "2080104", 2, "2070102", 4, "2090202", 1),
                random.nextBoolean() ? List.of("WATER_RESCUE", "HIGH_ANGLE_ROPE_RESCUE") : List.of("HIGH_ANGLE_ROPE_RESCUE"),
                where.province() + "社会应急力量");
    }

    private JsonObject grassroots(Base county, int n) {
        List<Base> towns = where.towns().stream().filter(t -> t.region().equals(county.region())).toList();
        Base place = n <= towns.size() ? towns.get(n - 1) : county;
        String town = n <= towns.size() ? place.name() : "第" + n + (county.name().endsWith("区") ? "街道" : "乡镇");
        return team(where.prefix() + "-GRASS-" + county.region() + "-" + n, county.name() + town + "综合应急救援队", "GRASSROOTS",
                place, "OFF_ROAD", 15 + random.nextInt(15),
                kit("2020104", 2, "2090102", 1, "2090202", 2, "2070102", 2, "1010101", 10, "2030201", 4),
                List.of(), county.name() + "人民政府");
    }
}
