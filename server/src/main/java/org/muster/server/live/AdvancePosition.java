package org.muster.server.live;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import org.muster.protocol.v1.Position;

import java.io.IOException;
import java.util.Map;

/**
 * Moves a team's live position forward, on the key's owner: the newest fix by device time of any of the team's
 * devices wins; a fix of the team's primary device also replaces a fix of another device that is at most
 * {@link #PRIMARY_PREFERENCE_MS} newer (the primary device is the one carried with the team). Out-of-order and late
 * fixes therefore go to the history but never move the live position back.
 */
public final class AdvancePosition implements EntryProcessor<String, Position, Boolean>, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;
    static final long PRIMARY_PREFERENCE_MS = 30_000;
    private Position position;
    private boolean primary;

    public AdvancePosition() {
        // for deserialization
    }

    public AdvancePosition(Position position, boolean primary) {
        this.position = position;
        this.primary = primary;
    }

    @Override
    public Boolean process(Map.Entry<String, Position> entry) {
        Position current = entry.getValue();
        boolean newer = current == null || position.getTimeMs() > current.getTimeMs()
                || (primary && !current.getDeviceId().equals(position.getDeviceId())
                && position.getTimeMs() >= current.getTimeMs() - PRIMARY_PREFERENCE_MS);
        if (newer) {
            entry.setValue(position);
        }
        return newer;
    }

    @Override
    public int getFactoryId() {
        return LiveSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return LiveSerialization.ADVANCE_POSITION;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByteArray(position.toByteArray());
        out.writeBoolean(primary);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        position = Position.parseFrom(in.readByteArray());
        primary = in.readBoolean();
    }
}
