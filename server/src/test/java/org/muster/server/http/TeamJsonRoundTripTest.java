package org.muster.server.http;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.GeoPoint;
import org.muster.protocol.v1.Position;
import org.muster.protocol.v1.PositionSource;
import org.muster.protocol.v1.Team;
import org.muster.protocol.v1.TeamStatus;
import org.muster.protocol.v1.TeamTier;
import org.muster.protocol.v1.Transport;
import org.muster.protocol.v1.EquipmentItem;
import org.muster.server.events.Rejection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TeamJsonRoundTripTest {

    @Test
    void whatIsWrittenReadsBackToTheSameInputFields() {
        long now = 1_700_000_000_000L;
        Team t = Team.newBuilder().setId("GZ-1").setName("甘孜州 森林消防").setTier(TeamTier.TEAM_TIER_LOCAL_PROFESSIONAL)
                .setRegionCode("513300").setStatus(TeamStatus.TEAM_STATUS_OUT_OF_SERVICE).setTransport(Transport.TRANSPORT_AIR)
                .setStaffing(12).setHome(GeoPoint.newBuilder().setLon(101.96).setLat(30.05))
                .setPosition(Position.newBuilder().setPoint(GeoPoint.newBuilder().setLon(101.9).setLat(30.1))
                        .setTimeMs(now - 60_000).setAccuracyM(3f).setSpeedMps(20f).setHeadingDeg(90f).setAltitudeM(2500f)
                        .setSource(PositionSource.POSITION_SOURCE_MANUAL).setReceivedMs(now))
                .addEquipment(EquipmentItem.newBuilder().setTypeCode("2030101").setQuantity(4))
                .addSkills("FOREST_FIREFIGHTING").setOrganisation("甘孜州应急管理局").setContact("0836-0000000")
                .build();
        JsonObject json = TeamJson.write(t);
        Team back = TeamJson.read(json, now);
        assertThat(back).isEqualTo(t);
    }

    @Test
    void positionInTheFutureIsRefused() {
        long now = 1_700_000_000_000L;
        JsonObject json = new JsonObject("""
                {"name":"x","tier":"SOCIAL","regionCode":"110000","home":{"type":"Point","coordinates":[116.4,39.9]},
                 "position":{"type":"Point","coordinates":[116.4,39.9],"time":"2030-01-01T00:00:00Z"}}""");
        assertThatThrownBy(() -> TeamJson.read(json, now)).isInstanceOf(Rejection.class)
                .hasMessageContaining("future").extracting(e -> ((Rejection) e).field()).isEqualTo("position.time");
    }

    @Test
    void stringWhereANumberBelongsIsRefusedNamingTheField() {
        JsonObject json = new JsonObject("""
                {"name":"x","tier":"SOCIAL","regionCode":"110000","staffing":"many",
                 "home":{"type":"Point","coordinates":[116.4,39.9]}}""");
        assertThatThrownBy(() -> TeamJson.read(json, 0)).isInstanceOf(Rejection.class)
                .extracting(e -> ((Rejection) e).field()).isEqualTo("staffing");
    }
}
