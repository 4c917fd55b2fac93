package org.muster.server.push;

import org.muster.protocol.v1.Delta;

/**
 * One change of the live picture as consoles receive it: where it is (for bounding boxes), which region and
 * incident it belongs to (for those subscriptions), and its Protobuf {@code Delta.change} field already encoded, so
 * that a change sent to a thousand consoles is serialized once. Immutable.
 *
 * @param key         the entity ("team:T-1", "incident:i_...", ...); position changes of one key coalesce
 * @param lon         longitude, NaN when the entity has no place
 * @param incidentIds incidents the change belongs to (a team's current incident, an assignment's incident)
 * @param movement    true for a pure position change, which a slow console may receive only the latest of
 * @param encoded     the bytes of one {@code Delta.change} oneof field (tag, length, message)
 */
record Change(String key, String regionCode, double lon, double lat, String[] incidentIds, long timeMs,
              boolean movement, byte[] encoded) {

    /** Encodes a Delta with only its change set; the seq and time are added per console when framed. */
    static byte[] encodeChange(Delta changeOnly) {
        // A Delta with only the oneof set serializes to exactly that field: tag, length, bytes.
        return changeOnly.toByteArray();
    }
}
