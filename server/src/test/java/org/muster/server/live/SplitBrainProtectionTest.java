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
 * live maps, so its dispatches fail with 503 instead of racing the majority's; reads still work.
 */
class SplitBrainProtectionTest {

    private static JsonObject point(double lon, double lat) {
        return new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(lon).add(lat));
    }

    @Test
    void aMemberInAMinorityRefusesDispatchesButStillReads() throws Exception {
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
            HttpResponse<Buffer> ready = a.get("/health/ready");
            assertThat(ready.statusCode()).as("a minority member is not ready: load balancers send consoles elsewhere")
                    .isEqualTo(503);
        } finally {
            a.close();
        }
    }
}
