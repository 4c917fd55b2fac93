package org.muster.server.live;

import com.google.protobuf.Message;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sets an entry to a committed state unless the entry already holds a later version. Runs on the key's owner
 * (and, the same way, on its backup), so concurrent appliers on different members cannot reorder a key's history.
 * A removal is a tombstone value that expires (see {@link Retention}): until then, a late change of an older version
 * cannot bring the entity back. Ended assignments and resolved alerts expire the same way.
 */
public final class PutIfNewer implements EntryProcessor<String, Message, Boolean>, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;
    private Message value;

    public PutIfNewer() {
        // for deserialization
    }

    public PutIfNewer(Message value) {
        this.value = value;
    }

    @Override
    public Boolean process(Map.Entry<String, Message> entry) {
        if (Versions.newer(value, entry.getValue())) {
            Duration ttl = Retention.of(value);
            if (ttl != null && entry instanceof ExtendedMapEntry<String, Message> e) {
                e.setValue(value, ttl.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                entry.setValue(value);
            }
            return true;
        }
        return false;
    }

    @Override
    public int getFactoryId() {
        return LiveSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return LiveSerialization.PUT_IF_NEWER;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeObject(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        value = in.readObject();
    }
}
