package org.muster.server.push;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.ClientMessage;
import org.muster.protocol.v1.ServerMessage;
import org.muster.protocol.v1.Subscribe;
import org.muster.server.auth.Role;
import org.muster.server.support.ConsoleClient;
import org.muster.server.support.TestMember;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ws.compression.level}: a console that offers permessage-deflate (every browser does) gets it unless the level
 * is 0, and its stream works either way. Level 0 is what the operations guide advises for consoles on a LAN.
 */
class ConsoleCompressionTest {

    @Test
    void deflateIsAcceptedAtTheDefaultLevelAndRefusedAtZero() {
        try (TestMember m = TestMember.single()) {
            addTeam(m);
            try (ConsoleClient deflating = ConsoleClient.connect(m.port(), token(m), true);
                 ConsoleClient plain = ConsoleClient.connect(m.port(), token(m), false)) {
                assertThat(deflating.extensions()).contains("permessage-deflate");
                assertThat(plain.extensions()).isNull();
                assertThat(snapshotTeams(deflating)).isEqualTo(1);
                assertThat(snapshotTeams(plain)).isEqualTo(1);
            }
        }
        try (TestMember m = new TestMember.Cluster(1).start(0, Map.of("MUSTER_WS_COMPRESSION_LEVEL", "0"))) {
            addTeam(m);
            try (ConsoleClient offering = ConsoleClient.connect(m.port(), token(m), true)) {
                assertThat(offering.extensions()).isNull();
                assertThat(snapshotTeams(offering)).isEqualTo(1);
            }
        }
    }

    private static String token(TestMember m) {
        return m.token("console-compression", Role.DISPATCHER, List.of(), null);
    }

    private static void addTeam(TestMember m) {
        JsonObject team = new JsonObject().put("id", "CMP-1").put("name", "压缩测试队").put("tier", "LOCAL_PROFESSIONAL")
                .put("regionCode", "511800").put("home", new JsonObject().put("type", "Point")
                        .put("coordinates", new JsonArray().add(103.0).add(29.98)));
        assertThat(m.post("/api/v1/teams", team).statusCode()).isEqualTo(201);
    }

    private static int snapshotTeams(ConsoleClient c) {
        c.send(ClientMessage.newBuilder().setRequestId(1).setSubscribe(Subscribe.newBuilder().setEverything(true)).build());
        return c.await(ServerMessage::hasSnapshot, 10_000).getSnapshot().getTeamsCount();
    }
}
