/**
 * NMEA 0183 (offline tracks): decodes the text a GNSS receiver or logger recorded (RMC and GGA sentences from the GP,
 * BD, GB, GN, GL and GA talkers) into {@link org.muster.server.ingest.Fix}es, one per epoch, for back-filling the
 * location history.
 *
 * <p>Rules, all in {@link org.muster.server.ingest.nmea.NmeaDecoder}:
 * <ul>
 *   <li>Every sentence must carry a correct {@code *hh} checksum. A sentence without one is refused like a wrong one:
 *       offline logs are cut off mid-line when the power goes, and a cut line without a checksum looks valid.</li>
 *   <li>RMC and GGA with the same time of day, next to each other, are one epoch and give one fix. RMC is
 *       authoritative when present (status {@code A} and a mode indicator other than {@code N}); GGA adds the altitude
 *       (above mean sea level) and the HDOP. An epoch with only a GGA (quality &gt; 0) takes its date from the latest
 *       valid RMC, moved to the next day when its time of day is more than 12 h earlier (midnight rollover); before any
 *       valid RMC there is no date and the fix is dropped and counted as undated.</li>
 *   <li>Accuracy is estimated as HDOP &times; {@value org.muster.server.ingest.nmea.NmeaDecoder#NOMINAL_UERE_M} m (a
 *       nominal user-equivalent range error for a consumer receiver): a rough 1-sigma horizontal figure, null when no
 *       GGA gave an HDOP.</li>
 *   <li>Speed over ground arrives in knots and becomes m/s; course is degrees true. Two-digit years are 1980..2079.</li>
 *   <li>Tolerated: CRLF or LF (or CR) line ends, leading and trailing whitespace, proprietary {@code $P...} and other
 *       sentences (counted as ignored), extra trailing fields, lines longer than the standard 82 characters up to
 *       {@value org.muster.server.ingest.nmea.NmeaDecoder#MAX_LINE_CHARS}; longer lines are counted as invalid.</li>
 * </ul>
 * Pure Java: no I/O, no Vert.x.
 */
package org.muster.server.ingest.nmea;
