package org.muster.server.replay;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** Creates the consultation sessions' entry processors when they arrive from another member. Ids never change. */
public final class ReplaySerialization implements DataSerializableFactory {
    public static final int FACTORY_ID = 7702;
    static final int CONTROL = 1;

    @Override
    public IdentifiedDataSerializable create(int classId) {
        return classId == CONTROL ? new ControlReplay() : null;
    }
}
