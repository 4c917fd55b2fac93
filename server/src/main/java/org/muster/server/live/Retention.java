package org.muster.server.live;

import com.google.protobuf.Message;
import org.muster.protocol.v1.Alert;
import org.muster.protocol.v1.Assignment;
import org.muster.protocol.v1.AssignmentStatus;

import java.time.Duration;

/**
 * How long an entry stays in the live picture once it is no longer current: tombstones an hour (long enough for any
 * late change to arrive and be refused), ended assignments and resolved alerts a day (consoles still show them; the
 * store keeps them for ever). Null: no expiry.
 */
final class Retention {
    static final Duration TOMBSTONE = Duration.ofHours(1);
    static final Duration ENDED = Duration.ofDays(1);

    private Retention() {
    }

    static Duration of(Message m) {
        if (Versions.deleted(m)) {
            return TOMBSTONE;
        }
        if (m instanceof Assignment a && (a.getStatus() == AssignmentStatus.ASSIGNMENT_STATUS_RELEASED
                || a.getStatus() == AssignmentStatus.ASSIGNMENT_STATUS_CANCELLED)) {
            return ENDED;
        }
        if (m instanceof Alert a && a.getResolvedMs() != 0) {
            return ENDED;
        }
        return null;
    }
}
