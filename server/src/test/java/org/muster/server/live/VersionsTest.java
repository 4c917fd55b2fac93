package org.muster.server.live;

import org.junit.jupiter.api.Test;
import org.muster.protocol.v1.Position;
import org.muster.protocol.v1.Team;

import static org.assertj.core.api.Assertions.assertThat;

class VersionsTest {

    @Test
    void versionsOrderChangesAndTombstonesAreRecognised() {
        Team v1 = Team.newBuilder().setId("T").setVersion(1).build();
        Team v2 = v1.toBuilder().setVersion(2).build();
        assertThat(Versions.newer(v2, v1)).isTrue();
        assertThat(Versions.newer(v1, v2)).isFalse();
        assertThat(Versions.newer(v1, v1)).isFalse();
        assertThat(Versions.deleted(v2.toBuilder().setDeleted(true).build())).isTrue();
        assertThat(Versions.deleted(v2)).isFalse();
    }

    @Test
    void aTypeWithoutVersionAlwaysReplacesAndIsNeverATombstone() {
        Position p = Position.newBuilder().setTimeMs(5).build();
        assertThat(Versions.deleted(p)).isFalse();
        assertThat(Versions.of(p)).isEqualTo(-1);
        assertThat(Versions.newer(p, Position.newBuilder().setTimeMs(9).build())).isTrue();
    }
}
