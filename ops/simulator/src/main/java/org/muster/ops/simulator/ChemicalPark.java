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
 * A hazardous-chemical accident in a large chemical industrial park: the Nanjing Jiangbei New Materials Science Park
 * (南京江北新材料科技园, the former Nanjing Chemical Industry Park) on the north bank of the Yangtze, Luhe district,
 * Jiangsu. The story is generic and invented (no real event): a leak and fire in a tank farm, a cordon and downwind
 * gas monitoring with evacuation, the injured to hospital, and fire-water kept out of the river. Coordinates are
 * approximate (WGS 84). The forces are Jiangsu's, with hazmat, detection, decontamination, foam and fire teams.
 */
final class ChemicalPark {
    /** The cities of Jiangsu, with a rough size (how many stations of each kind). */
    static final List<Forces.Base> CITIES = List.of(
            new Forces.Base("南京", "320100", 118.797, 32.060, 5),
            new Forces.Base("无锡", "320200", 120.312, 31.491, 2),
            new Forces.Base("徐州", "320300", 117.284, 34.205, 2),
            new Forces.Base("常州", "320400", 119.974, 31.811, 2),
            new Forces.Base("苏州", "320500", 120.585, 31.299, 3),
            new Forces.Base("南通", "320600", 120.894, 31.980, 2),
            new Forces.Base("连云港", "320700", 119.222, 34.597, 1),
            new Forces.Base("淮安", "320800", 119.113, 33.551, 1),
            new Forces.Base("盐城", "320900", 120.163, 33.348, 1),
            new Forces.Base("扬州", "321000", 119.413, 32.394, 2),
            new Forces.Base("镇江", "321100", 119.425, 32.188, 2),
            new Forces.Base("泰州", "321200", 119.923, 32.456, 1),
            new Forces.Base("宿迁", "321300", 118.275, 33.963, 1));

    /** The districts around the park, each with grass-roots teams in its streets. */
    static final List<Forces.Base> COUNTIES = List.of(
            new Forces.Base("六合区", "320116", 118.822, 32.322, 4),
            new Forces.Base("浦口区", "320111", 118.628, 32.059, 2),
            new Forces.Base("栖霞区", "320113", 118.909, 32.096, 2),
            new Forces.Base("鼓楼区", "320106", 118.770, 32.066, 1),
            new Forces.Base("江宁区", "320115", 118.840, 31.953, 2),
            new Forces.Base("仪征市", "321081", 119.184, 32.272, 2));

    /** The streets of Luhe around the park with their own grass-roots team. */
    static final List<Forces.Base> TOWNS = List.of(
            new Forces.Base("长芦街道", "320116", 118.850, 32.262, 1),
            new Forces.Base("大厂街道", "320116", 118.760, 32.220, 1),
            new Forces.Base("雄州街道", "320116", 118.830, 32.340, 1));

    /** The tank farm of the story, inside the park. */
    static final double LON = 118.830;
    static final double LAT = 32.258;

    private ChemicalPark() {
    }

    static Scenario scenario(long seed) {
        Forces forces = new Forces(new Forces.Region("JS", "江苏省", "江苏", CITIES, COUNTIES, TOWNS, specials()), seed);
        Roads roads = new Roads(List.of(
                town("新材料科技园", LON, LAT),
                town("长芦", 118.850, 32.262),
                town("大厂", 118.760, 32.220),
                town("六合", 118.830, 32.340),
                town("浦口", 118.628, 32.059),
                town("南京长江大桥", 118.745, 32.110),
                town("桥北", 118.725, 32.140),
                town("南京", 118.797, 32.060),
                town("栖霞", 118.909, 32.096),
                town("南京长江二桥", 118.870, 32.160),
                town("江宁", 118.840, 31.953),
                town("仪征", 119.184, 32.272),
                town("扬州", 119.413, 32.394),
                town("泰州", 119.923, 32.456),
                town("南通", 120.894, 31.980),
                town("镇江", 119.425, 32.188),
                town("常州", 119.974, 31.811),
                town("无锡", 120.312, 31.491),
                town("苏州", 120.585, 31.299),
                town("淮安", 119.113, 33.551),
                town("宿迁", 118.275, 33.963),
                town("徐州", 117.284, 34.205),
                town("连云港", 119.222, 34.597),
                town("盐城", 120.163, 33.348)), List.of(
                List.of("南京", "南京长江大桥", "桥北", "大厂", "新材料科技园", "长芦", "六合"),
                List.of("桥北", "浦口"),
                List.of("南京", "栖霞", "南京长江二桥", "长芦"),
                List.of("南京", "江宁"),
                List.of("长芦", "仪征", "扬州", "泰州", "南通"),
                List.of("栖霞", "镇江", "常州", "无锡", "苏州"),
                List.of("镇江", "扬州"),
                List.of("六合", "淮安", "宿迁", "徐州"),
                List.of("淮安", "连云港"),
                List.of("淮安", "盐城")));
        List<Scenario.Step> steps = List.of(
                new Scenario.Step(10, new JsonObject()
                        .put("id", "DEMO-CHEM-TANK-FIRE")
                        .put("type", "HAZARDOUS_CHEMICAL").put("severity", "II")
                        .put("title", "南京江北新材料科技园 储罐区 泄漏起火")
                        .put("description", "园区储罐区易燃有毒液体泄漏并起火，需侦检、堵漏、泡沫灭火和冷却保护，设警戒区。")
                        .put("regionCode", "320116")
                        .put("location", Forces.point(LON, LAT))
                        .put("area", box(118.80, 32.23, 118.87, 32.29))
                        .put("blockedAreas", new JsonArray()
                                .add(blocked("CORDON-CORE", "储罐区 核心警戒区", box(118.822, 32.252, 118.838, 32.264)))), 20),
                new Scenario.Step(900, new JsonObject()
                        .put("id", "DEMO-CHEM-DOWNWIND")
                        .put("type", "HAZARDOUS_CHEMICAL").put("severity", "III")
                        .put("title", "下风向 长芦街道 有毒气体监测 群众疏散")
                        .put("description", "下风向居民区开展有毒气体监测，组织群众疏散并设置洗消点。")
                        .put("regionCode", "320116")
                        .put("location", Forces.point(118.860, 32.272)), 10),
                new Scenario.Step(1500, new JsonObject()
                        .put("id", "DEMO-CHEM-CASUALTIES")
                        .put("type", "LIFE_RESCUE").put("severity", "III")
                        .put("title", "园区 受伤人员 洗消后转运")
                        .put("regionCode", "320116")
                        .put("location", Forces.point(118.815, 32.250)), 6),
                new Scenario.Step(2700, new JsonObject()
                        .put("id", "DEMO-CHEM-RUNOFF")
                        .put("type", "HAZARDOUS_CHEMICAL").put("severity", "IV")
                        .put("title", "消防废水 围堵 防止流入长江")
                        .put("description", "封堵雨水排口，输转收集消防废水，监测长江水质。")
                        .put("regionCode", "320116")
                        .put("location", Forces.point(118.845, 32.238)), 4));
        return new Scenario("chemical-park", "hazardous-chemical accident, Nanjing Jiangbei New Materials Science Park",
                "JS-NAT-CENTRE-1", forces, roads, steps);
    }

    /** Hazmat, detection, decontamination, foam: national teams, the park's own brigades, monitoring, reinforcements. */
    private static List<Forces.Spec> specials() {
        List<Forces.Spec> s = new ArrayList<>();
        Forces.Base nanjing = new Forces.Base("南京", "320100", 118.80, 32.10, 1);
        Forces.Base park = new Forces.Base("新材料科技园", "320116", LON, LAT, 1);
        s.add(new Forces.Spec("JS-NAT-CENTRE-1", "国家区域应急救援中心 华东 危化品救援队", "NATIONAL_REGIONAL_CENTRE", nanjing, "ROAD", 90,
                kit("2040101", 2, "2040102", 12, "2040201", 2, "2040202", 24, "2040203", 4, "2040204", 3, "2030102", 2,
                        "2030108", 1, "2050102", 30, "2080108", 1, "2100201", 2),
                List.of("HAZMAT_RESPONSE", "STRUCTURAL_FIREFIGHTING", "COMMUNICATIONS_SUPPORT"), "应急管理部"));
        int n = 1;
        for (Forces.Base b : List.of(new Forces.Base("南京", "320100", 118.78, 32.21, 1),
                new Forces.Base("仪征", "321081", 119.184, 32.272, 1), new Forces.Base("苏州", "320500", 120.585, 31.299, 1))) {
            s.add(new Forces.Spec("JS-NAT-HAZMAT-" + n, "国家危险化学品应急救援 " + b.name() + "队", "NATIONAL_PROFESSIONAL", b, "ROAD", 70,
                    kit("2040101", 1, "2040102", 8, "2040201", 1, "2040202", 12, "2040203", 3, "2040204", 2, "2030102", 2,
                            "2050102", 20),
                    List.of("HAZMAT_RESPONSE", "STRUCTURAL_FIREFIGHTING"), "应急管理部"));
            n++;
        }
        for (int i = 1; i <= 3; i++) {
            s.add(new Forces.Spec("JS-PARK-FIRE-" + i, "新材料科技园 企业专职消防队 " + i + "中队", "LOCAL_PROFESSIONAL", park, "ROAD", 30,
                    kit("2030102", 2, "2030103", i == 1 ? 1 : 0, "2030106", 1, "2040102", 4, "2040202", 6, "2040203", 1,
                            "2050102", 12),
                    List.of("HAZMAT_RESPONSE", "STRUCTURAL_FIREFIGHTING"), "南京江北新材料科技园"));
        }
        s.add(new Forces.Spec("JS-ENV-MONITOR-1", "南京市生态环境局 应急监测队", "LOCAL_PROFESSIONAL", nanjing, "ROAD", 15,
                kit("2040101", 2, "2040102", 10, "2100201", 2), List.of(), "南京市生态环境局"));
        s.add(new Forces.Spec("JS-FIRE-SUPPLY-1", "江苏消防 南京支队 战勤保障大队", "NATIONAL_FIRE_RESCUE", nanjing, "ROAD", 40,
                kit("2030108", 3, "2030107", 1, "2030101", 2, "2040201", 1, "2050102", 20, "2090201", 2),
                List.of("STRUCTURAL_FIREFIGHTING"), "江苏省消防救援总队"));
        n = 1;
        for (Forces.Base b : List.of(new Forces.Base("南京", "320100", 118.797, 32.060, 1),
                new Forces.Base("扬州", "321000", 119.413, 32.394, 1), new Forces.Base("镇江", "321100", 119.425, 32.188, 1))) {
            s.add(new Forces.Spec("JS-FIRE-CHEM-" + n, "江苏消防 " + b.name() + "支队 化工灭火编队", "NATIONAL_FIRE_RESCUE", b, "ROAD", 50,
                    kit("2030102", 4, "2030103", 1, "2030106", 2, "2030108", 1, "2040102", 4, "2040202", 8, "2040201", 1,
                            "2050102", 24),
                    List.of("STRUCTURAL_FIREFIGHTING", "HAZMAT_RESPONSE"), "江苏省消防救援总队"));
            n++;
        }
        s.add(new Forces.Spec("JS-NAT-WATER-1", "国家水上应急救援 长江南京队", "NATIONAL_PROFESSIONAL",
                new Forces.Base("南京", "320100", 118.73, 32.09, 1), "WATER", 40,
                kit("2020201", 4, "2020208", 1, "2020204", 3, "2020205", 4, "2040204", 1), List.of("WATER_RESCUE", "DIVING"),
                "交通运输部"));
        s.add(new Forces.Spec("JS-AIR-1", "应急管理部 航空救援 南京基地", "NATIONAL_PROFESSIONAL",
                new Forces.Base("南京", "320115", 118.862, 31.742, 1), "AIR", 20,
                kit("2100103", 2, "2100101", 1, "2100201", 2), List.of("EMERGENCY_MEDICAL"), "应急管理部"));
        return s;
    }
}
