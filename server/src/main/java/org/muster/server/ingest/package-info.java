/**
 * Ingest (live path, first stage): positions from field devices in their own protocols (the Protobuf device stream,
 * OsmAnd HTTP, JT/T 808 over TCP) and offline tracks (GPX, NMEA 0183), decoded into {@link org.muster.server.ingest.Fix}es,
 * made durable in the location history, and handed to the live picture.
 */
package org.muster.server.ingest;
