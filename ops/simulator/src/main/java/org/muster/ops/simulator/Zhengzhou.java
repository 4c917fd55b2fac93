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
 * A storyline after the Zhengzhou "7·20" rainstorm of July 2021 (郑州"7·20"特大暴雨), Henan: the city floods, the
 * Jingguang North Road tunnel and the Metro Line 5 section near Shakoulu station fill with water, hospitals lose power,
 * and the Jialu river rises in the north of the city. The story is generic (no figures of the real event); the places
 * are real and their coordinates approximate (WGS 84). The forces are Henan's, with drainage, boats and water rescue
 * brought in from every city along the G4 and G30 expressways.
 */
final class Zhengzhou {
    /** The cities of Henan, with a rough size (how many stations of each kind). */
    static final List<Forces.Base> CITIES = List.of(
            new Forces.Base("郑州", "410100", 113.625, 34.747, 5),
            new Forces.Base("开封", "410200", 114.307, 34.797, 2),
            new Forces.Base("洛阳", "410300", 112.454, 34.620, 3),
            new Forces.Base("平顶山", "410400", 113.193, 33.766, 2),
            new Forces.Base("安阳", "410500", 114.393, 36.098, 2),
            new Forces.Base("鹤壁", "410600", 114.297, 35.748, 1),
            new Forces.Base("新乡", "410700", 113.927, 35.303, 2),
            new Forces.Base("焦作", "410800", 113.242, 35.216, 2),
            new Forces.Base("濮阳", "410900", 115.029, 35.762, 1),
            new Forces.Base("许昌", "411000", 113.852, 34.036, 2),
            new Forces.Base("漯河", "411100", 114.017, 33.581, 1),
            new Forces.Base("三门峡", "411200", 111.200, 34.773, 1),
            new Forces.Base("南阳", "411300", 112.528, 32.991, 2),
            new Forces.Base("商丘", "411400", 115.656, 34.415, 2),
            new Forces.Base("信阳", "411500", 114.091, 32.147, 2),
            new Forces.Base("周口", "411600", 114.697, 33.626, 2),
            new Forces.Base("驻马店", "411700", 114.022, 32.980, 2),
            new Forces.Base("济源", "419001", 112.602, 35.067, 1));

    /** The districts and county-level cities of Zhengzhou, each with grass-roots teams in its streets and towns. */
    static final List<Forces.Base> COUNTIES = List.of(
            new Forces.Base("中原区", "410102", 113.613, 34.748, 3),
            new Forces.Base("二七区", "410103", 113.640, 34.724, 3),
            new Forces.Base("管城回族区", "410104", 113.677, 34.754, 2),
            new Forces.Base("金水区", "410105", 113.661, 34.800, 4),
            new Forces.Base("上街区", "410106", 113.309, 34.803, 1),
            new Forces.Base("惠济区", "410108", 113.617, 34.868, 2),
            new Forces.Base("中牟县", "410122", 113.976, 34.719, 2),
            new Forces.Base("巩义市", "410181", 113.022, 34.748, 2),
            new Forces.Base("荥阳市", "410182", 113.383, 34.787, 2),
            new Forces.Base("新密市", "410183", 113.391, 34.540, 2),
            new Forces.Base("新郑市", "410184", 113.740, 34.395, 2),
            new Forces.Base("登封市", "410185", 113.050, 34.453, 2));

    /** Streets of the city centre with their own grass-roots team. */
    static final List<Forces.Base> TOWNS = List.of(
            new Forces.Base("沙口路街道", "410105", 113.633, 34.777, 1),
            new Forces.Base("杜岭街道", "410105", 113.668, 34.763, 1),
            new Forces.Base("花园路街道", "410105", 113.660, 34.785, 1),
            new Forces.Base("桐柏路街道", "410102", 113.613, 34.757, 1),
            new Forces.Base("淮河路街道", "410103", 113.641, 34.733, 1));

    private Zhengzhou() {
    }

    static Scenario scenario(long seed) {
        Forces forces = new Forces(new Forces.Region("HA", "河南省", "河南", CITIES, COUNTIES, TOWNS, specials()), seed);
        Roads roads = new Roads(List.of(
                // the city: centre, the Jingguang Road tunnel, Shakoulu, the ring of districts
                town("郑州", 113.625, 34.747),
                town("二七广场", 113.666, 34.754),
                town("京广北路隧道", 113.648, 34.772),
                town("沙口路", 113.633, 34.777),
                town("花园路", 113.660, 34.790),
                town("惠济", 113.617, 34.868),
                town("郑东新区", 113.730, 34.770),
                town("中牟", 113.976, 34.719),
                town("新郑机场", 113.841, 34.520),
                town("新郑", 113.740, 34.395),
                town("新密", 113.391, 34.540),
                town("登封", 113.050, 34.453),
                town("荥阳", 113.383, 34.787),
                town("上街", 113.309, 34.803),
                town("巩义", 113.022, 34.748),
                // the province, along G4 (north-south) and G30 (east-west)
                town("安阳", 114.393, 36.098),
                town("鹤壁", 114.297, 35.748),
                town("新乡", 113.927, 35.303),
                town("焦作", 113.242, 35.216),
                town("济源", 112.602, 35.067),
                town("濮阳", 115.029, 35.762),
                town("许昌", 113.852, 34.036),
                town("漯河", 114.017, 33.581),
                town("驻马店", 114.022, 32.980),
                town("信阳", 114.091, 32.147),
                town("武汉", 114.305, 30.593),
                town("平顶山", 113.193, 33.766),
                town("南阳", 112.528, 32.991),
                town("周口", 114.697, 33.626),
                town("开封", 114.307, 34.797),
                town("商丘", 115.656, 34.415),
                town("洛阳", 112.454, 34.620),
                town("三门峡", 111.200, 34.773)), List.of(
                List.of("安阳", "鹤壁", "新乡", "惠济", "花园路", "京广北路隧道", "二七广场", "郑州"),
                List.of("郑州", "沙口路", "京广北路隧道"),
                List.of("沙口路", "花园路", "郑东新区"),
                List.of("二七广场", "郑东新区", "中牟", "开封", "商丘"),
                List.of("郑州", "新郑机场", "新郑", "许昌", "漯河", "驻马店", "信阳", "武汉"),
                List.of("三门峡", "洛阳", "巩义", "上街", "荥阳", "郑州"),
                List.of("郑州", "新密", "登封"),
                List.of("新乡", "焦作", "济源", "洛阳"),
                List.of("新乡", "濮阳"),
                List.of("许昌", "平顶山", "南阳"),
                List.of("漯河", "周口"),
                List.of("驻马店", "南阳")));
        List<Scenario.Step> steps = List.of(
                new Scenario.Step(10, new JsonObject()
                        .put("id", "DEMO-ZZ-RAINSTORM")
                        .put("type", "URBAN_WATERLOGGING").put("severity", "I")
                        .put("title", "郑州“7·20”特大暴雨 城区严重内涝")
                        .put("description", "持续特大暴雨，主城区大面积积水，下穿隧道、地铁和地下空间进水，部分区域断电、断网。")
                        .put("regionCode", "410100")
                        .put("location", Forces.point(113.650, 34.750))
                        .put("area", box(113.55, 34.68, 113.78, 34.88))
                        .put("blockedAreas", new JsonArray()
                                .add(blocked("JINGGUANG-N-TUNNEL", "京广北路隧道 积水封闭", box(113.645, 34.758, 113.651, 34.786)))), 30),
                new Scenario.Step(600, new JsonObject()
                        .put("id", "DEMO-ZZ-JINGGUANG-TUNNEL")
                        .put("type", "URBAN_WATERLOGGING").put("severity", "II")
                        .put("title", "京广北路隧道 严重积水 车辆被困")
                        .put("description", "隧道进水，车辆和人员被困，需大流量排水和水域救援。")
                        .put("regionCode", "410105")
                        .put("location", Forces.point(113.648, 34.772)), 12),
                new Scenario.Step(900, new JsonObject()
                        .put("id", "DEMO-ZZ-METRO-5")
                        .put("type", "URBAN_WATERLOGGING").put("severity", "II")
                        .put("title", "地铁5号线 沙口路站区间 进水 列车受困")
                        .put("description", "地铁区间进水，列车停运，乘客需疏散转移，站内需排水和照明保障。")
                        .put("regionCode", "410105")
                        .put("location", Forces.point(113.633, 34.777)), 12),
                new Scenario.Step(2400, new JsonObject()
                        .put("id", "DEMO-ZZ-HOSPITAL-POWER")
                        .put("type", "URBAN_WATERLOGGING").put("severity", "III")
                        .put("title", "城区医院 地下配电进水 停电")
                        .put("description", "医院地下室进水，供电中断，需应急发电、排水和病人转运。")
                        .put("regionCode", "410102")
                        .put("location", Forces.point(113.615, 34.752)), 6),
                new Scenario.Step(3600, new JsonObject()
                        .put("id", "DEMO-ZZ-JIALU-RIVER")
                        .put("type", "FLOOD").put("severity", "III")
                        .put("title", "贾鲁河 惠济段 水位上涨 沿岸群众转移")
                        .put("regionCode", "410108")
                        .put("location", Forces.point(113.620, 34.850)), 8));
        return new Scenario("zhengzhou", "Zhengzhou \"7·20\" rainstorm (2021)", "HA-NAT-CENTRE-1", forces, roads, steps);
    }

    /** National teams and reinforcements: drainage, boats, water rescue, engineering, power, air. */
    private static List<Forces.Spec> specials() {
        List<Forces.Spec> s = new ArrayList<>();
        Forces.Base zhengzhou = new Forces.Base("郑州", "410100", 113.70, 34.72, 1);
        s.add(new Forces.Spec("HA-NAT-CENTRE-1", "国家区域应急救援中心 中部 水域救援队", "NATIONAL_REGIONAL_CENTRE", zhengzhou, "ROAD", 80,
                kit("2020201", 8, "2020202", 6, "2020203", 2, "2020207", 2, "2020204", 6, "2020205", 8, "2020209", 1,
                        "2020101", 2, "2090101", 1, "2080102", 1),
                List.of("WATER_RESCUE", "DIVING", "COMMUNICATIONS_SUPPORT"), "应急管理部"));
        s.add(new Forces.Spec("HA-NAT-CENTRE-2", "国家区域应急救援中心 中部 排涝抢险队", "NATIONAL_REGIONAL_CENTRE", zhengzhou, "ROAD", 60,
                kit("2020101", 4, "2020102", 4, "2030107", 2, "2090101", 2, "2090201", 4, "2080108", 1),
                List.of("ENGINEERING_RESCUE"), "应急管理部"));
        s.add(new Forces.Spec("HA-NAT-ENG-1", "国家安能救援队 排涝抢险分队", "NATIONAL_PROFESSIONAL",
                new Forces.Base("新郑", "410184", 113.740, 34.395, 1), "ROAD", 120,
                kit("2020101", 6, "2020103", 4, "3010101", 4, "3010102", 2, "2020206", 20, "2090101", 2, "2090201", 4),
                List.of("ENGINEERING_RESCUE"), "中国安能建设集团"));
        s.add(new Forces.Spec("HA-NAT-WATER-1", "国家水上应急救援 武汉队", "NATIONAL_PROFESSIONAL",
                new Forces.Base("武汉", "420100", 114.305, 30.593, 1), "WATER", 50,
                kit("2020201", 8, "2020208", 1, "2020202", 4, "2020204", 4, "2020205", 6, "2020209", 1),
                List.of("WATER_RESCUE", "DIVING"), "交通运输部"));
        s.add(new Forces.Spec("HA-NAT-HAZMAT-1", "国家危险化学品应急救援 洛阳队", "NATIONAL_PROFESSIONAL",
                new Forces.Base("洛阳", "410300", 112.454, 34.620, 1), "ROAD", 60,
                kit("2040101", 1, "2040102", 8, "2040201", 1, "2040202", 10, "2040203", 2, "2030102", 2, "2050102", 16),
                List.of("HAZMAT_RESPONSE", "STRUCTURAL_FIREFIGHTING"), "应急管理部"));
        s.add(new Forces.Spec("HA-NAT-MINE-1", "国家矿山应急救援 平顶山队", "NATIONAL_PROFESSIONAL",
                new Forces.Base("平顶山", "410400", 113.193, 33.766, 1), "ROAD", 80,
                kit("2050101", 20, "2050102", 10, "2050401", 3, "2050601", 4, "2040102", 6, "2090102", 2),
                List.of("MINE_RESCUE", "TUNNEL_RESCUE"), "国家矿山安全监察局"));
        s.add(new Forces.Spec("HA-POWER-1", "国网河南电力 应急发电保障队", "LOCAL_PROFESSIONAL", zhengzhou, "ROAD", 40,
                kit("2090101", 6, "2090103", 4, "2090201", 4), List.of(), "国网河南省电力公司"));
        s.add(new Forces.Spec("HA-AIR-1", "应急管理部 航空救援 郑州新郑机场", "NATIONAL_PROFESSIONAL",
                new Forces.Base("新郑机场", "410184", 113.841, 34.520, 1), "AIR", 30,
                kit("2100101", 2, "2100103", 1, "2100201", 2), List.of("EMERGENCY_MEDICAL"), "应急管理部"));
        int n = 1;
        // cities along the expressways send their drainage trucks and boats to the provincial capital
        for (Forces.Base b : List.of(new Forces.Base("洛阳", "410300", 112.454, 34.620, 1),
                new Forces.Base("新乡", "410700", 113.927, 35.303, 1), new Forces.Base("许昌", "411000", 113.852, 34.036, 1),
                new Forces.Base("开封", "410200", 114.307, 34.797, 1), new Forces.Base("南阳", "411300", 112.528, 32.991, 1))) {
            s.add(new Forces.Spec("HA-FIRE-DRAIN-" + n, "河南消防 " + b.name() + "支队 排涝编队", "NATIONAL_FIRE_RESCUE", b, "ROAD", 40,
                    kit("2020101", 2, "2030107", 1, "2020201", 4, "2020204", 2, "2090201", 2),
                    List.of("WATER_RESCUE"), "河南省消防救援总队"));
            n++;
        }
        return s;
    }
}
