/**
 * JT/T 808 (vehicle terminals over TCP): framing, decoding and the platform's responses, as pure functions over bytes.
 *
 * <ul>
 *   <li>{@link org.muster.server.ingest.jt808.Jt808Framer} cuts a TCP byte stream into frames ({@code 0x7E} ...
 *       {@code 0x7E}); one per connection, not thread-safe. Garbage between frames is skipped and counted; a candidate
 *       frame that fails its check code is dropped and counted, and its closing flag is taken as the next opening flag,
 *       which resynchronises after a lost byte.</li>
 *   <li>{@link org.muster.server.ingest.jt808.Jt808Codec} turns a frame into a typed
 *       {@link org.muster.server.ingest.jt808.Jt808Message} (unescaping {@code 0x7D 0x02} to {@code 0x7E} and
 *       {@code 0x7D 0x01} to {@code 0x7D}, verifying the XOR check code and the body length) and encodes frames and the
 *       platform's responses 0x8001 and 0x8100. Stateless and thread-safe.</li>
 *   <li>{@link org.muster.server.ingest.jt808.Jt808Responder} numbers the platform's responses (its own message serial,
 *       0..65535, wrapping) for one connection; not thread-safe.</li>
 * </ul>
 *
 * <p>What to answer is the connection handler's business; the usual rule is 0x8100 for a registration, and 0x8001 for
 * everything else except the terminal's own general response (0x0001), which answers the platform and must not be
 * answered back. The answer to a batch (0x0704) acknowledges every item in it.
 *
 * <p>Versions: the 2011/2013 header (6-byte BCD terminal phone number) and the 2019 header (version flag, protocol
 * version byte, 10-byte BCD terminal phone number); a response mirrors the terminal's header version. The 2011 layout of
 * the registration body (8-byte model) is not supported; 2013 and 2019 layouts are. Encrypted messages and the
 * packages of a subpackaged message are returned as {@link org.muster.server.ingest.jt808.Jt808Message.Other} with
 * the raw body; {@link org.muster.server.ingest.jt808.Jt808Reassembler} puts the packages back together and
 * {@link org.muster.server.ingest.jt808.Jt808Codec#decodeBody} decodes the whole.
 *
 * <p>Units of a location report ({@link org.muster.server.ingest.jt808.Jt808Location}): latitude and longitude in
 * 1e-6 degrees with the hemisphere in status bits 2 (south) and 3 (west); altitude in metres, read as signed (below sea
 * level, e.g. the Turpan depression, arrives as two's complement); speed in 0.1 km/h (becomes m/s); direction in
 * degrees; time BCD YYMMDDhhmmss in UTC+8 (becomes UTC; years 2000..2099); mileage item 0x01 in 0.1 km (becomes
 * metres). A report that is not positioned (status bit 1 clear), has an impossible time or coordinates outside
 * -90..90/-180..180 is still a valid message but gives no fix.
 */
package org.muster.server.ingest.jt808;
