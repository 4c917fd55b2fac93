package org.muster.server.replay;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.ClientMessage;
import org.muster.protocol.v1.ReplayControl;
import org.muster.protocol.v1.ReplayJoin;
import org.muster.protocol.v1.ReplaySeek;
import org.muster.protocol.v1.ServerMessage;
import org.muster.server.auth.Role;
import org.muster.server.push.StalledConsole;
import org.muster.server.support.ConsoleClient;
import org.muster.server.support.TestMember;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A participant whose link stops does not collect frames in the server's memory, and does not slow the others. */
class ReplayBackpressureTest {

    private static double skipped(TestMember m) {
        Double v = m.metric("muster_replay_frames_skipped_total");
        return v == null ? 0 : v;
    }

    @Test
    void aStalledParticipantIsSkippedWhileTheControllerKeepsGettingItsKeyframes() throws Exception {
        try (TestMember m = new TestMember.Cluster(1).start(0, Map.of("MUSTER_CONSOLE_MESSAGES_PER_SECOND", "5000",
                "MUSTER_CONSOLE_WRITE_QUEUE_BYTES", "8192"))) {
            // a long situation report makes every keyframe some 20 kB
            String report = "泸定地震灾情通报：磨西镇道路中断，通信中断，需要生命探测和医疗救援。".repeat(300);
            HttpResponse<Buffer> r = m.post("/api/v1/incidents", new JsonObject().put("type", "EARTHQUAKE_GEOLOGICAL")
                    .put("severity", "I").put("title", "泸定 6.8 级地震").put("description", report.substring(0, 9_000))
                    .put("regionCode", "513322").put("location", new JsonObject().put("type", "Point")
                            .put("coordinates", new JsonArray().add(102.08).add(29.59))));
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
            long reported = System.currentTimeMillis();
            String incident = r.bodyAsJsonObject().getString("id");
            Thread.sleep(1500);
            String commanderToken = m.token("commander", Role.DISPATCHER, List.of(), null);
            HttpResponse<Buffer> opened = m.send(HttpMethod.POST, "/api/v1/replays", new JsonObject().put("incidentId", incident),
                    Map.of("Authorization", "Bearer " + commanderToken));
            assertThat(opened.statusCode()).as(opened.bodyAsString()).isEqualTo(201);
            String replay = opened.bodyAsJsonObject().getString("id");

            try (ConsoleClient commander = ConsoleClient.connect(m.port(), commanderToken);
                 StalledConsole stalled = StalledConsole.open(m.port(), m.token("expert", Role.OBSERVER, List.of(), null),
                         ClientMessage.newBuilder().setReplayJoin(ReplayJoin.newBuilder().setReplayId(replay)).build())) {
                commander.send(ClientMessage.newBuilder().setReplayJoin(ReplayJoin.newBuilder().setReplayId(replay)).build());
                assertThat(commander.await(s -> s.hasReplayFrame() && s.getReplayFrame().getKeyframe(), 10_000)).isNotNull();
                long deadline = System.currentTimeMillis() + 60_000;
                int seeks = 0;
                while (skipped(m) == 0 && System.currentTimeMillis() < deadline) {
                    for (int i = 0; i < 20; i++, seeks++) {
                        long at = reported + (seeks % 2 == 0 ? 200 : 1200);
                        commander.send(ClientMessage.newBuilder().setReplayControl(ReplayControl.newBuilder().setReplayId(replay)
                                .setSeek(ReplaySeek.newBuilder().setTimeMs(at))).build());
                        // each seek answered: the controller reads as fast as it can
                        long seekAt = at;
                        assertThat(commander.await(s -> s.hasReplayFrame() && s.getReplayFrame().getKeyframe()
                                && s.getReplayFrame().getTimeMs() == seekAt, 10_000)).as("keyframe of seek %d", seeks).isNotNull();
                    }
                }
                assertThat(skipped(m)).as("frames for the stalled participant were skipped after %d seeks", seeks).isPositive();
                // and the controller still gets every seek's keyframe at once
                long last = reported + 700;
                commander.send(ClientMessage.newBuilder().setReplayControl(ReplayControl.newBuilder().setReplayId(replay)
                        .setSeek(ReplaySeek.newBuilder().setTimeMs(last))).build());
                ServerMessage key = commander.await(s -> s.hasReplayFrame() && s.getReplayFrame().getKeyframe()
                        && s.getReplayFrame().getTimeMs() == last, 10_000);
                assertThat(key).isNotNull();
                assertThat(key.getReplayFrame().getState().getIncidentsList()).hasSize(1);
            }
        }
    }
}
