package org.muster.server.cluster;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.Capability;
import org.muster.protocol.v1.EquipmentItem;
import org.muster.protocol.v1.GeoPoint;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.IncidentStatus;
import org.muster.protocol.v1.IncidentType;
import org.muster.protocol.v1.Position;
import org.muster.protocol.v1.PositionSource;
import org.muster.protocol.v1.Requirement;
import org.muster.protocol.v1.Severity;
import org.muster.protocol.v1.Team;
import org.muster.protocol.v1.TeamStatus;
import org.muster.protocol.v1.TeamTier;
import org.muster.protocol.v1.Transport;
import org.muster.server.config.ConfigLoader;
import org.muster.server.live.PutIfNewer;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SerializationRoundTripTest {

    static Team fullTeam() {
        return Team.newBuilder()
                .setId("SC-RESCUE-7").setName("国家西南区域应急救援中心 第七分队")
                .setTier(TeamTier.TEAM_TIER_NATIONAL_REGIONAL_CENTRE).setRegionCode("510100")
                .setStatus(TeamStatus.TEAM_STATUS_EN_ROUTE).setTransport(Transport.TRANSPORT_OFF_ROAD).setStaffing(42)
                .setHome(GeoPoint.newBuilder().setLon(104.07).setLat(30.57))
                .setPosition(Position.newBuilder().setPoint(GeoPoint.newBuilder().setLon(102.2).setLat(29.9))
                        .setTimeMs(1_662_364_800_000L).setAccuracyM(4.5f).setSpeedMps(12.5f).setHeadingDeg(271f)
                        .setSource(PositionSource.POSITION_SOURCE_JT808).setDeviceId("013800138000"))
                .addEquipment(EquipmentItem.newBuilder().setTypeCode("2010101").setQuantity(2))
                .addSkills("HEAVY_URBAN_SEARCH_RESCUE")
                .addCapabilities(Capability.newBuilder().setCode("LIFE_DETECTION_RADAR").setCapacity(2).setUnit("unit"))
                .setOrganisation("应急管理部").setContact("028-0000000")
                .setVersion(9).setUpdatedMs(1_662_364_900_000L).setStatusSinceMs(1_662_364_850_000L)
                .setIncidentId("i_luding").setAssignmentId("a_1")
                .build();
    }

    @Test
    void protobufRoundTripKeepsEveryField() throws Exception {
        Team t = fullTeam();
        assertThat(Team.parseFrom(t.toByteArray())).isEqualTo(t);
        Incident i = Incident.newBuilder().setId("i_1").setType(IncidentType.INCIDENT_TYPE_EARTHQUAKE_GEOLOGICAL)
                .setSeverity(Severity.SEVERITY_I).setStatus(IncidentStatus.INCIDENT_STATUS_ACTIVE)
                .setLocation(GeoPoint.newBuilder().setLon(102.08).setLat(29.59))
                .addRequirements(Requirement.newBuilder().setCapabilityCode("PUMPING").setQuantity(3000).setArriveWithinS(7200))
                .setVersion(3).build();
        assertThat(Incident.parseFrom(i.toByteArray())).isEqualTo(i);
    }

    @Test
    void hazelcastStoresProtobufValuesAndEntryProcessorsUnderStableIds() {
        var config = ClusterSetup.hazelcastConfig(ConfigLoader.load(Optional.empty(), Map.of()));
        InternalSerializationService ss = new DefaultSerializationServiceBuilder()
                .setConfig(config.getSerializationConfig()).build();
        Team t = fullTeam();
        Data data = ss.toData(t);
        assertThat(data.getType()).isEqualTo(ClusterSetup.TEAM);
        assertThat((Team) ss.toObject(data)).isEqualTo(t);

        PutIfNewer ep = new PutIfNewer(t);
        PutIfNewer back = ss.toObject(ss.toData(ep));
        java.util.Map.Entry<String, com.google.protobuf.Message> entry = new java.util.AbstractMap.SimpleEntry<>("SC-RESCUE-7",
                t.toBuilder().setVersion(8).build());
        assertThat(back.process(entry)).isTrue();
        assertThat(entry.getValue()).isEqualTo(t);
        assertThat(back.process(entry)).as("the same version again is not newer").isFalse();
    }
}
