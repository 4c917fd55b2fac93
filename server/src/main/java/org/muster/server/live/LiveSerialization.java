package org.muster.server.live;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** Creates the live picture's entry processors when they arrive from another member. Ids never change. */
public final class LiveSerialization implements DataSerializableFactory {
    public static final int FACTORY_ID = 7701;
    static final int PUT_IF_NEWER = 1;
    static final int CLAIM_TEAM = 3;
    static final int ADVANCE_POSITION = 4;

    @Override
    public IdentifiedDataSerializable create(int classId) {
        return switch (classId) {
            case PUT_IF_NEWER -> new PutIfNewer();
            case CLAIM_TEAM -> new ClaimTeam();
            case ADVANCE_POSITION -> new AdvancePosition();
            default -> null;
        };
    }
}
