/**
 * GPX 1.1 (offline tracks): decodes the track points of a GPX document ({@code gpx/trk/trkseg/trkpt}) into
 * {@link org.muster.server.ingest.Fix}es for back-filling the location history.
 *
 * <p>What is read from each {@code trkpt}: the {@code lat} and {@code lon} attributes (required, WGS 84 degrees),
 * {@code time} (required: a point without time cannot be placed in history, so it is counted and dropped; ISO-8601,
 * UTC when it carries no offset), {@code ele} (metres), {@code hdop} (accuracy = HDOP &times;
 * {@value org.muster.server.ingest.gpx.GpxDecoder#NOMINAL_UERE_M} m, as for NMEA) and {@code fix} ({@code none}
 * drops the point). GPX 1.1 has no speed or course; they are read, in m/s and degrees, from GPX 1.0's
 * {@code speed}/{@code course} children of {@code trkpt} (which many 1.1 writers still emit) or else from any
 * element named {@code speed}, {@code course} or {@code heading} inside the point's {@code extensions} (Garmin
 * TrackPointExtension v2, OsmAnd). A malformed optional value is left out rather than losing the point. Routes and
 * waypoints are not tracks and are skipped.
 *
 * <p>The XML parser is the JDK's StAX parser with DTDs refused outright (any {@code <!DOCTYPE>} fails the document,
 * so no external entity, XXE or entity expansion can happen), external access disabled, and JDK limits on depth,
 * attributes and names. The document size and the number of points are capped.
 */
package org.muster.server.ingest.gpx;
