package org.muster.server.live;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the {@code version} field of a stored message. Versions come from the store (they increase by one with
 * every committed change), so comparing them orders changes no matter which member applies them first.
 * Messages without a version field (capability definitions) always replace. Removed entities stay as tombstones
 * (their {@code deleted} field set) for {@link Retention#TOMBSTONE}. Thread-safe.
 */
final class Versions {
    private static final ConcurrentHashMap<Descriptors.Descriptor, Descriptors.FieldDescriptor> FIELDS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Descriptors.Descriptor, Descriptors.FieldDescriptor> DELETED = new ConcurrentHashMap<>();
    private static final Descriptors.FieldDescriptor NONE =
            org.muster.protocol.v1.GeoPoint.getDescriptor().findFieldByName("lon");

    private Versions() {
    }

    /** The version, or -1 when the message type has none. */
    static long of(Message m) {
        if (m instanceof org.muster.protocol.v1.Position) {
            return -1; // the busiest type (a live position per fix) has neither field: no descriptor lookup
        }
        Descriptors.FieldDescriptor f = FIELDS.computeIfAbsent(m.getDescriptorForType(), d -> {
            Descriptors.FieldDescriptor v = d.findFieldByName("version");
            return v != null && v.getJavaType() == Descriptors.FieldDescriptor.JavaType.LONG ? v : NONE;
        });
        return f == NONE ? -1 : (Long) m.getField(f);
    }

    /** True for a tombstone: an entity removed at its version, kept for a while so late changes cannot revive it. */
    static boolean deleted(Message m) {
        if (m instanceof org.muster.protocol.v1.Position) {
            return false;
        }
        Descriptors.FieldDescriptor f = DELETED.computeIfAbsent(m.getDescriptorForType(), d -> {
            Descriptors.FieldDescriptor v = d.findFieldByName("deleted");
            return v != null && v.getJavaType() == Descriptors.FieldDescriptor.JavaType.BOOLEAN ? v : NONE;
        });
        return f != NONE && (Boolean) m.getField(f);
    }

    /** True when {@code candidate} should replace {@code current}. */
    static boolean newer(Message candidate, Message current) {
        if (current == null) {
            return true;
        }
        long c = of(candidate);
        return c < 0 || c > of(current);
    }
}
