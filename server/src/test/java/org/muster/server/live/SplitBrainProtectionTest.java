package org.muster.server.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.muster.server.support.TestMember;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three listed members: once the cluster has formed, a member left with less than a majority refuses writes to the
 * live maps, so its dispatches fail with 503 instead of racing the majority's, and it refuses every other command
 * before committing it (the majority would never see a change acknowledged there); reads still work.
 */
class SplitBrainProtectionTest {

    private static JsonObject point(double lon, double lat) {
        return new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(lon).add(lat));
    }

    @Test
    void aMemberInAMinorityRefusesDispatchesAndCommandsButStillReads() throws Exception {
        TestMember.Cluster cluster = new TestMember.Cluster(3);
        TestMember a = cluster.start(0);
        TestMember b = cluster.start(1);
        TestMember c = cluster.start(2);
        try {
            assertThat(a.post("/api/v1/teams", new JsonObject().put("id", "SB-1").put("name", "分裂测试队").put("tier", "SOCIAL")
                    .put("regionCode", "510100").put("home", point(104.0, 30.6))).statusCode()).isEqualTo(201);
            HttpResponse<Buffer> inc = a.post("/api/v1/incidents", new JsonObject().put("type", "FLOOD").put("severity", "III")
                    .put("regionCode", "510100").put("location", point(104.1, 30.6)));
            assertThat(inc.statusCode()).isEqualTo(201);
            String incident = inc.bodyAsJsonObject().getString("id");
            b.close();
            c.close();
            Thread.sleep(3_000); // the survivor sees both leave and re-evaluates its protection
            HttpResponse<Buffer> refused = a.post("/api/v1/incidents/" + incident + "/assignments",
                    new JsonObject().put("teamIds", new JsonArray().add("SB-1")));
            assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
            assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("UNAVAILABLE");
            assertThat(refused.bodyAsJsonObject().getString("detail")).contains("minority");
            assertThat(a.count("SELECT count(*) FROM assignments WHERE team_id = 'SB-1'")).isZero();
            assertThat(a.get("/api/v1/teams/SB-1").statusCode()).isEqualTo(200);

            // found by ops/drills/split.sh: these were committed and acknowledged, and missing from the majority's view
            long teamVersion = a.count("SELECT version FROM teams WHERE id = 'SB-1'");
            long incidents = a.count("SELECT count(*) FROM incidents");
            HttpResponse<Buffer> patch = a.send(io.vertx.core.http.HttpMethod.PATCH, "/api/v1/teams/SB-1",
                    new JsonObject().put("status", "OUT_OF_SERVICE"), java.util.Map.of());
            assertThat(patch.statusCode()).as(patch.bodyAsString()).isEqualTo(503);
            assertThat(patch.bodyAsJsonObject().getString("detail")).contains("minority");
            HttpResponse<Buffer> report = a.post("/api/v1/incidents", new JsonObject().put("type", "FLOOD")
                    .put("severity", "III").put("regionCode", "510100").put("location", point(104.2, 30.6)));
            assertThat(report.statusCode()).as(report.bodyAsString()).isEqualTo(503);
            assertThat(a.count("SELECT version FROM teams WHERE id = 'SB-1'")).isEqualTo(teamVersion);
            assertThat(a.count("SELECT count(*) FROM incidents")).isEqualTo(incidents);
            HttpResponse<Buffer> ready = a.get("/health/ready");
            assertThat(ready.statusCode()).as("a minority member is not ready: load balancers send consoles elsewhere")
                    .isEqualTo(503);
        } finally {
            a.close();
        }
    }
}
