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
    /** A message class's version and deleted fields, or null where it has none; looked up once per class. */
    private record Fields(Descriptors.FieldDescriptor version, Descriptors.FieldDescriptor deleted) {
    }

    // keyed by class (an identity hash) so that the busiest types, which have neither field (a live position per
    // fix), cost one map read and no descriptor lookup or reflective read
    private static final ConcurrentHashMap<Class<?>, Fields> FIELDS = new ConcurrentHashMap<>();

    private Versions() {
    }

    private static Fields fields(Message m) {
        Fields f = FIELDS.get(m.getClass());
        if (f == null) {
            Descriptors.Descriptor d = m.getDescriptorForType();
            Descriptors.FieldDescriptor v = d.findFieldByName("version");
            Descriptors.FieldDescriptor del = d.findFieldByName("deleted");
            f = new Fields(v != null && v.getJavaType() == Descriptors.FieldDescriptor.JavaType.LONG ? v : null,
                    del != null && del.getJavaType() == Descriptors.FieldDescriptor.JavaType.BOOLEAN ? del : null);
            FIELDS.put(m.getClass(), f);
        }
        return f;
    }

    /** The version, or -1 when the message type has none. */
    static long of(Message m) {
        Descriptors.FieldDescriptor f = fields(m).version();
        return f == null ? -1 : (Long) m.getField(f);
    }

    /** True for a tombstone: an entity removed at its version, kept for a while so late changes cannot revive it. */
    static boolean deleted(Message m) {
        Descriptors.FieldDescriptor f = fields(m).deleted();
        return f != null && (Boolean) m.getField(f);
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
