/**
 * OsmAnd HTTP protocol (phone trackers: Traccar Client, OsmAnd, GPSLogger): turns one request's parameters, content
 * type and body into a device id and a {@link org.muster.server.ingest.Fix}, or says why not. No HTTP types here: the
 * HTTP layer passes a parameter map, the content type and the body bytes, and answers 200 for
 * {@link org.muster.server.ingest.osmand.OsmAndResult.Accepted} and
 * {@link org.muster.server.ingest.osmand.OsmAndResult.Ignored}, 400 with the message for
 * {@link org.muster.server.ingest.osmand.OsmAndResult.Rejected}.
 *
 * <p>Shapes, in {@link org.muster.server.ingest.osmand.OsmAndParser}:
 * <ul>
 *   <li>Query or form parameters: {@code id} (or {@code deviceid}), {@code lat}, {@code lon} (or
 *       {@code location=lat,lon}), {@code timestamp}, {@code speed}, {@code bearing} (or {@code heading}),
 *       {@code altitude}, {@code accuracy} (or {@code hdop}), {@code batt}, {@code valid}. A form body is decoded
 *       when the content type is {@code application/x-www-form-urlencoded} or absent; a query parameter wins over a
 *       form field of the same name, and of several values the first non-empty one counts.</li>
 *   <li>JSON ({@code application/json}, or no content type and a body starting with {@code &#123;}), the format of
 *       Traccar Client 9 and later: {@code device_id}, {@code location.timestamp}, {@code location.coords.latitude},
 *       {@code longitude}, {@code accuracy}, {@code speed}, {@code heading}, {@code altitude},
 *       {@code location.battery.level}. A {@code location} array (a batch) is refused.</li>
 * </ul>
 *
 * <p><b>Units.</b> Following Traccar's OsmAnd decoder: the query/form {@code speed} is in <b>knots</b> by default
 * (Traccar Client's query format sends knots; the OsmAnd app itself sends m/s, which is why Traccar made the unit
 * configurable, and so is ours: {@link org.muster.server.ingest.osmand.OsmAndParser.SpeedUnit}); the JSON
 * {@code coords.speed} is in <b>m/s</b> (the background-geolocation SDK's native unit, converted by Traccar with
 * {@code knotsFromMps}). Negative speed, heading, accuracy or battery level means "unknown" on phones and is left
 * out. {@code batt} is a percentage 0..100 and becomes 0..1; the JSON {@code battery.level} is already 0..1.
 * {@code hdop} gives accuracy = HDOP &times; {@value org.muster.server.ingest.osmand.OsmAndParser#NOMINAL_UERE_M} m
 * when there is no {@code accuracy}.
 *
 * <p><b>Timestamps.</b> A number below 2^31 - 1 is epoch seconds (fractions kept to the millisecond), any larger number
 * is epoch milliseconds: Traccar's rule, and unambiguous until 2038-01-19, when seconds reach 2^31 (a millisecond
 * value below it would be January 1970). Otherwise ISO-8601 ({@code 2024-05-12T06:28:00Z}, with an offset, or without
 * one meaning UTC), also with a space instead of the {@code T} ({@code yyyy-MM-dd HH:mm:ss}, UTC). Times before 2000
 * or from 2100 on are refused: they are a reset phone clock or a unit mistake. A position without a timestamp is
 * refused, unlike Traccar, which stamps it with the arrival time: OsmAnd buffers positions while offline, and an old
 * position stamped "now" would show a team where it was an hour ago as fresh.
 */
package org.muster.server.ingest.osmand;
