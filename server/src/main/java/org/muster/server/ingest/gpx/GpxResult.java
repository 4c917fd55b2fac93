package org.muster.server.ingest.gpx;

import org.muster.server.ingest.Fix;

import java.util.List;

/**
 * What one GPX document gave: the fixes in document order and the points that were dropped.
 *
 * @param fixes       one per usable track point, in document order
 * @param points      track points seen
 * @param withoutTime points dropped because they carry no time
 * @param invalid     points dropped because of missing or bad coordinates, a bad time, or {@code fix} none
 */
public record GpxResult(List<Fix> fixes, int points, int withoutTime, int invalid) {

    public GpxResult {
        fixes = List.copyOf(fixes);
    }
}
