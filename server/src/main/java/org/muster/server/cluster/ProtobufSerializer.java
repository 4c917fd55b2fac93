package org.muster.server.cluster;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;

import java.io.IOException;

/**
 * Stores a Protobuf message in Hazelcast as its own wire bytes, under a type id that never changes, so that
 * members of different versions agree as long as the .proto files evolve compatibly. Stateless, thread-safe.
 */
final class ProtobufSerializer<T extends Message> implements StreamSerializer<T> {
    private final int typeId;
    private final Parser<T> parser;

    ProtobufSerializer(int typeId, Parser<T> parser) {
        this.typeId = typeId;
        this.parser = parser;
    }

    @Override
    public void write(ObjectDataOutput out, T object) throws IOException {
        out.writeByteArray(object.toByteArray());
    }

    @Override
    public T read(ObjectDataInput in) throws IOException {
        return parser.parseFrom(in.readByteArray());
    }

    @Override
    public int getTypeId() {
        return typeId;
    }
}
