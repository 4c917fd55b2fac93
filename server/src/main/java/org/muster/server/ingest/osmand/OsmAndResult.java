package org.muster.server.ingest.osmand;

import org.muster.server.ingest.Fix;

/** What one OsmAnd request gave. */
public sealed interface OsmAndResult {

    /** A position to ingest. */
    record Accepted(String deviceId, Fix fix) implements OsmAndResult {
    }

    /**
     * A well-formed request without a usable position (no coordinates, or marked invalid by the device): answer 200 so
     * the phone does not resend it forever, ingest nothing.
     */
    record Ignored(String deviceId, String reason) implements OsmAndResult {
    }

    /** A malformed request: answer 400 with the message. */
    record Rejected(String message) implements OsmAndResult {
    }
}
