package org.muster.server.events;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Which fields a command changed, for the event's "changed" list and to skip commands that change nothing. */
final class Changes {
    /** Bookkeeping fields that every change moves; they do not make a change by themselves. */
    private static final Set<String> BOOKKEEPING = Set.of("version", "updated_ms", "status_since_ms");

    private Changes() {
    }

    static List<String> fields(Message before, Message after) {
        List<String> out = new ArrayList<>();
        for (Descriptors.FieldDescriptor f : before.getDescriptorForType().getFields()) {
            if (BOOKKEEPING.contains(f.getName())) {
                continue;
            }
            boolean differs = f.isRepeated() || !f.hasPresence()
                    ? !before.getField(f).equals(after.getField(f))
                    : before.hasField(f) != after.hasField(f) || !before.getField(f).equals(after.getField(f));
            if (differs) {
                out.add(f.getName());
            }
        }
        return out;
    }
}
