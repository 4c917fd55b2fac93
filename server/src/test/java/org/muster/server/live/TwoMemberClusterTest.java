package org.muster.server.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.muster.server.support.TestMember;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Two real members in one JVM form one Hazelcast cluster over one PostgreSQL. */
class TwoMemberClusterTest {
    private static TestMember a;
    private static TestMember b;

    @BeforeAll
    static void start() {
        TestMember.Cluster cluster = new TestMember.Cluster(2);
        a = cluster.start(0);
        b = cluster.start(1);
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    private static JsonObject team(String id, int staffing) {
        return new JsonObject().put("id", id).put("name", "成都消防 特勤大队").put("tier", "NATIONAL_FIRE_RESCUE")
                .put("regionCode", "510100").put("staffing", staffing)
                .put("home", new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(104.06).add(30.66)));
    }

    @Test
    void bothMembersSeeOneCluster() {
        assertThat(a.main().hazelcast().getCluster().getMembers()).hasSize(2);
        assertThat(b.main().hazelcast().getCluster().getMembers()).hasSize(2);
    }

    @Test
    void aTeamWrittenThroughOneMemberIsReadThroughTheOther() {
        HttpResponse<Buffer> created = a.post("/api/v1/teams", team("CD-SPECIAL-1", 60));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);

        HttpResponse<Buffer> read = b.get("/api/v1/teams/CD-SPECIAL-1");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.bodyAsJsonObject().getInteger("staffing")).isEqualTo(60);

        // B's replica (used by lists) follows within milliseconds.
        long deadline = System.currentTimeMillis() + 10_000;
        while (!b.get("/api/v1/teams?region=510100").bodyAsString().contains("CD-SPECIAL-1")) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void concurrentEditsThroughBothMembersEndInTheStoresLastVersionEverywhere() throws Exception {
        a.post("/api/v1/teams", team("CD-SPECIAL-2", 10));
        for (int i = 0; i < 20; i++) {
            TestMember via = i % 2 == 0 ? a : b;
            HttpResponse<Buffer> r = via.send(HttpMethod.PATCH, "/api/v1/teams/CD-SPECIAL-2",
                    new JsonObject().put("staffing", 11 + i), Map.of());
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        }
        long stored = a.count("SELECT version FROM teams WHERE id = 'CD-SPECIAL-2'");
        assertThat(stored).isEqualTo(21);
        for (TestMember m : new TestMember[] {a, b}) {
            JsonObject t = m.get("/api/v1/teams/CD-SPECIAL-2").bodyAsJsonObject();
            assertThat(t.getLong("version")).isEqualTo(21L);
            assertThat(t.getInteger("staffing")).isEqualTo(30);
        }
    }
}
