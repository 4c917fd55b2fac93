package org.muster.server.ingest.jt808;

import java.nio.charset.Charset;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decodes JT/T 808 frames into messages and encodes frames and the platform's responses.
 *
 * <p>A frame is what travels on the wire: {@code 0x7E}, the escaped header, body and check code, {@code 0x7E}. The
 * check code is the XOR of every header and body byte (before escaping). Escaping replaces {@code 0x7E} by
 * {@code 0x7D 0x02} and {@code 0x7D} by {@code 0x7D 0x01}, in the check code too.
 *
 * <p>Stateless and thread-safe. Decoding allocates at most a few times the frame, whose size is capped at
 * {@link #MAX_FRAME_BYTES}, and throws nothing but {@link Jt808DecodeException} for any input.
 */
public final class Jt808Codec {
    public static final int TERMINAL_GENERAL_RESPONSE = 0x0001;
    public static final int HEARTBEAT = 0x0002;
    public static final int TERMINAL_LOGOUT = 0x0003;
    public static final int REGISTER = 0x0100;
    public static final int AUTHENTICATE = 0x0102;
    public static final int LOCATION_REPORT = 0x0200;
    public static final int BATCH_LOCATION_UPLOAD = 0x0704;
    public static final int PLATFORM_GENERAL_RESPONSE = 0x8001;
    public static final int REGISTRATION_RESPONSE = 0x8100;

    /** The body length field has 10 bits. */
    public static final int MAX_BODY_BYTES = 0x3FF;
    /** The longest header: 2019 with the subpackage fields. */
    static final int MAX_HEADER_BYTES = 2 + 2 + 1 + 10 + 2 + 4;
    /** The longest frame on the wire: every byte escaped, plus the two flags. */
    public static final int MAX_FRAME_BYTES = 2 + 2 * (MAX_HEADER_BYTES + MAX_BODY_BYTES + 1);
    /** The shortest header (2013) and the check code. */
    static final int MIN_CONTENT_BYTES = 12 + 1;

    static final byte FLAG = 0x7E;
    static final byte ESCAPE = 0x7D;
    private static final int VERSION_FLAG = 1 << 14;
    private static final int SUBPACKAGE_FLAG = 1 << 13;
    private static final int LOCATION_BYTES = 28;
    private static final int MILEAGE_ITEM = 0x01;
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    /** JT/T 808 strings are GBK; GBK is in java.base. */
    private static final Charset GBK = Charset.forName("GBK");

    /**
     * Decodes one frame, flags included.
     *
     * @throws Jt808DecodeException if the frame is malformed or its body too short for its message id
     */
    public Jt808Message decode(byte[] frame) throws Jt808DecodeException {
        Objects.requireNonNull(frame, "frame");
        byte[] content = unescapeFrame(frame);
        String problem = structuralProblem(content);
        if (problem != null) {
            throw new Jt808DecodeException(problem);
        }
        Reader reader = new Reader(content, 0, content.length - 1);
        int messageId = reader.u16("message id");
        int properties = reader.u16("body properties");
        boolean versioned = (properties & VERSION_FLAG) != 0;
        int protocolVersion = versioned ? reader.u8("protocol version") : 0;
        String phone = bcdDigits(reader.bytes(versioned ? 10 : 6, "terminal phone"));
        int serial = reader.u16("serial");
        Jt808Header.Subpackage subpackage = (properties & SUBPACKAGE_FLAG) == 0 ? null
                : new Jt808Header.Subpackage(reader.u16("package total"), reader.u16("package index"));
        int encryption = (properties >> 10) & 0x7;
        Jt808Header header = new Jt808Header(messageId, phone, serial, versioned, protocolVersion, encryption,
                subpackage);
        if (encryption != 0 || subpackage != null) {
            return new Jt808Message.Other(header, reader.rest());
        }
        return body(header, reader);
    }

    /**
     * Decodes the whole body of a message that came in packages ({@link Jt808Reassembler}) as if it had come in one
     * frame with {@code header}.
     *
     * @throws Jt808DecodeException if the body is too short for its message id
     */
    public Jt808Message decodeBody(Jt808Header header, byte[] body) throws Jt808DecodeException {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
        return body(header, new Reader(body, 0, body.length));
    }

    private static Jt808Message body(Jt808Header header, Reader reader) throws Jt808DecodeException {
        int messageId = header.messageId();
        return switch (messageId) {
            case HEARTBEAT -> new Jt808Message.Heartbeat(header);
            case REGISTER -> register(header, reader);
            case AUTHENTICATE -> authenticate(header, reader);
            case LOCATION_REPORT -> new Jt808Message.LocationReport(header, location(reader));
            case BATCH_LOCATION_UPLOAD -> batch(header, reader);
            default -> new Jt808Message.Other(header, reader.rest());
        };
    }

    /**
     * Encodes a frame: header (its body length is {@code body}'s), body, check code, escaped, between flags.
     *
     * @throws IllegalArgumentException if the body is longer than {@link #MAX_BODY_BYTES}
     */
    public byte[] encodeFrame(Jt808Header header, byte[] body) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("body of " + body.length + " bytes exceeds " + MAX_BODY_BYTES);
        }
        int headerBytes = headerBytes(header.versioned(), header.subpackage() != null);
        byte[] content = new byte[headerBytes + body.length + 1];
        int properties = body.length | header.encryption() << 10
                | (header.subpackage() != null ? SUBPACKAGE_FLAG : 0) | (header.versioned() ? VERSION_FLAG : 0);
        int at = putU16(content, 0, header.messageId());
        at = putU16(content, at, properties);
        if (header.versioned()) {
            content[at++] = (byte) header.protocolVersion();
        }
        String phone = header.terminalPhone();
        for (int i = 0; i < phone.length(); i += 2) {
            content[at++] = (byte) ((phone.charAt(i) - '0') << 4 | (phone.charAt(i + 1) - '0'));
        }
        at = putU16(content, at, header.serial());
        if (header.subpackage() != null) {
            at = putU16(content, at, header.subpackage().total());
            at = putU16(content, at, header.subpackage().index());
        }
        System.arraycopy(body, 0, content, at, body.length);
        content[content.length - 1] = checkCode(content, 0, content.length - 1);
        return escape(content);
    }

    /**
     * The platform's general response (0x8001) to a terminal message: reply serial, reply message id, result.
     *
     * @param request the header of the message answered
     * @param serial  the platform's own serial for this response
     */
    public byte[] encodeGeneralResponse(Jt808Header request, int serial, Jt808GeneralResult result) {
        byte[] body = new byte[5];
        putU16(body, 0, request.serial());
        putU16(body, 2, request.messageId());
        body[4] = (byte) result.code();
        return encodeFrame(request.reply(PLATFORM_GENERAL_RESPONSE, serial), body);
    }

    /**
     * The registration response (0x8100): reply serial, result, and on success the authentication code (GBK).
     *
     * @param request  the header of the registration answered
     * @param serial   the platform's own serial for this response
     * @param authCode required on {@link Jt808RegistrationResult#SUCCESS}, ignored otherwise
     * @throws IllegalArgumentException if a success has no code, or the code does not fit in a body
     */
    public byte[] encodeRegistrationResponse(Jt808Header request, int serial, Jt808RegistrationResult result,
                                             String authCode) {
        byte[] code = new byte[0];
        if (result == Jt808RegistrationResult.SUCCESS) {
            if (authCode == null || authCode.isEmpty()) {
                throw new IllegalArgumentException("a successful registration needs an authentication code");
            }
            code = authCode.getBytes(GBK);
        }
        byte[] body = new byte[3 + code.length];
        putU16(body, 0, request.serial());
        body[2] = (byte) result.code();
        System.arraycopy(code, 0, body, 3, code.length);
        return encodeFrame(request.reply(REGISTRATION_RESPONSE, serial), body);
    }

    /** Unescapes a frame's content (between the flags); throws on bad flags, escapes or size. */
    static byte[] unescapeFrame(byte[] frame) throws Jt808DecodeException {
        if (frame.length < 2 + MIN_CONTENT_BYTES || frame.length > MAX_FRAME_BYTES) {
            throw new Jt808DecodeException("frame of " + frame.length + " bytes is outside "
                    + (2 + MIN_CONTENT_BYTES) + ".." + MAX_FRAME_BYTES);
        }
        if (frame[0] != FLAG || frame[frame.length - 1] != FLAG) {
            throw new Jt808DecodeException("frame does not start and end with 0x7E");
        }
        byte[] out = new byte[frame.length - 2];
        int length = 0;
        for (int i = 1; i < frame.length - 1; i++) {
            byte b = frame[i];
            if (b == FLAG) {
                throw new Jt808DecodeException("unescaped 0x7E inside the frame");
            }
            if (b == ESCAPE) {
                byte next = i + 1 < frame.length - 1 ? frame[++i] : 0;
                if (next == 0x02) {
                    b = FLAG;
                } else if (next == 0x01) {
                    b = ESCAPE;
                } else {
                    throw new Jt808DecodeException("0x7D is not followed by 0x01 or 0x02");
                }
            }
            out[length++] = b;
        }
        return length == out.length ? out : Arrays.copyOf(out, length);
    }

    /** Why unescaped content is not a frame (check code, length), or null when it is one. */
    static String structuralProblem(byte[] content) {
        int n = content.length;
        if (n < MIN_CONTENT_BYTES) {
            return "frame content of " + n + " bytes is shorter than a header and check code";
        }
        if (checkCode(content, 0, n - 1) != content[n - 1]) {
            return "check code mismatch";
        }
        int properties = (content[2] & 0xFF) << 8 | (content[3] & 0xFF);
        int bodyLength = properties & MAX_BODY_BYTES;
        int headerBytes = headerBytes((properties & VERSION_FLAG) != 0, (properties & SUBPACKAGE_FLAG) != 0);
        if (n != headerBytes + bodyLength + 1) {
            return "body length " + bodyLength + " does not match the frame (" + (n - 1 - headerBytes)
                    + " bytes after the header)";
        }
        return null;
    }

    static byte checkCode(byte[] data, int from, int to) {
        byte code = 0;
        for (int i = from; i < to; i++) {
            code ^= data[i];
        }
        return code;
    }

    private static int headerBytes(boolean versioned, boolean subpackaged) {
        return (versioned ? 17 : 12) + (subpackaged ? 4 : 0);
    }

    private static byte[] escape(byte[] content) {
        int extra = 0;
        for (byte b : content) {
            if (b == FLAG || b == ESCAPE) {
                extra++;
            }
        }
        byte[] frame = new byte[content.length + extra + 2];
        int at = 0;
        frame[at++] = FLAG;
        for (byte b : content) {
            if (b == FLAG) {
                frame[at++] = ESCAPE;
                frame[at++] = 0x02;
            } else if (b == ESCAPE) {
                frame[at++] = ESCAPE;
                frame[at++] = 0x01;
            } else {
                frame[at++] = b;
            }
        }
        frame[at] = FLAG;
        return frame;
    }

    private static int putU16(byte[] data, int at, int value) {
        data[at] = (byte) (value >> 8);
        data[at + 1] = (byte) value;
        return at + 2;
    }

    private static Jt808Message.Register register(Jt808Header header, Reader reader) throws Jt808DecodeException {
        boolean v2019 = header.versioned();
        int province = reader.u16("province");
        int city = reader.u16("city");
        String manufacturer = text(reader.bytes(v2019 ? 11 : 5, "manufacturer id"));
        String model = text(reader.bytes(v2019 ? 30 : 20, "terminal model"));
        String terminalId = text(reader.bytes(v2019 ? 30 : 7, "terminal id"));
        int colour = reader.u8("plate colour");
        return new Jt808Message.Register(header, province, city, manufacturer, model, terminalId, colour,
                text(reader.rest()));
    }

    private static Jt808Message.Authenticate authenticate(Jt808Header header, Reader reader)
            throws Jt808DecodeException {
        if (!header.versioned()) {
            return new Jt808Message.Authenticate(header, text(reader.rest()), null, null);
        }
        int length = reader.u8("auth code length");
        String code = text(reader.bytes(length, "auth code"));
        String imei = reader.remaining() >= 15 ? text(reader.bytes(15, "imei")) : null;
        String version = reader.remaining() > 0 ? text(reader.bytes(Math.min(20, reader.remaining()),
                "software version")) : null;
        return new Jt808Message.Authenticate(header, code, imei, version);
    }

    private static Jt808Message.BatchLocationUpload batch(Jt808Header header, Reader reader)
            throws Jt808DecodeException {
        int count = reader.u16("item count");
        int type = reader.u8("location type");
        if (count > reader.remaining() / (2 + LOCATION_BYTES)) {
            throw new Jt808DecodeException(count + " items cannot fit in " + reader.remaining() + " bytes");
        }
        List<Jt808Location> locations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = reader.u16("item length");
            if (length < LOCATION_BYTES) {
                throw new Jt808DecodeException("item " + i + " of " + length + " bytes is shorter than a location");
            }
            locations.add(location(reader.slice(length, "item " + i)));
        }
        return new Jt808Message.BatchLocationUpload(header, type, locations);
    }

    private static Jt808Location location(Reader reader) throws Jt808DecodeException {
        long alarm = reader.u32("alarm flags");
        long status = reader.u32("status flags");
        long latitude = reader.u32("latitude");
        long longitude = reader.u32("longitude");
        int altitude = (short) reader.u16("altitude");
        int speed = reader.u16("speed");
        int direction = reader.u16("direction");
        Long time = bcdTime(reader.bytes(6, "time"));
        Long odometer = null;
        List<Jt808Location.AdditionalItem> additional = new ArrayList<>();
        while (reader.remaining() >= 2) {
            int id = reader.u8("item id");
            int length = reader.u8("item length");
            if (length > reader.remaining()) {
                break; // a truncated last item: terminals get this wrong, the location itself is intact
            }
            byte[] value = reader.bytes(length, "item value");
            if (id == MILEAGE_ITEM && length == 4) {
                odometer = ((value[0] & 0xFFL) << 24 | (value[1] & 0xFF) << 16 | (value[2] & 0xFF) << 8
                        | (value[3] & 0xFF)) * 100;
            } else {
                additional.add(new Jt808Location.AdditionalItem(id, value));
            }
        }
        return new Jt808Location(alarm, status, latitude, longitude, altitude, speed, direction, time, odometer,
                additional);
    }

    /** BCD[6] YYMMDDhhmmss in UTC+8 to epoch ms UTC, or null when it is not a valid date and time. */
    static Long bcdTime(byte[] bcd) {
        int[] v = new int[6];
        for (int i = 0; i < 6; i++) {
            int high = (bcd[i] >> 4) & 0xF;
            int low = bcd[i] & 0xF;
            if (high > 9 || low > 9) {
                return null;
            }
            v[i] = high * 10 + low;
        }
        int year = 2000 + v[0];
        if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > YearMonth.of(year, v[1]).lengthOfMonth()
                || v[3] > 23 || v[4] > 59 || v[5] > 59) {
            return null;
        }
        return LocalDateTime.of(year, v[1], v[2], v[3], v[4], v[5]).toEpochSecond(CHINA) * 1000;
    }

    private static String bcdDigits(byte[] bcd) throws Jt808DecodeException {
        char[] digits = new char[bcd.length * 2];
        for (int i = 0; i < bcd.length; i++) {
            int high = (bcd[i] >> 4) & 0xF;
            int low = bcd[i] & 0xF;
            if (high > 9 || low > 9) {
                throw new Jt808DecodeException("terminal phone number is not BCD");
            }
            digits[2 * i] = (char) ('0' + high);
            digits[2 * i + 1] = (char) ('0' + low);
        }
        return new String(digits);
    }

    /** A GBK string without its 0x00 (or space) padding on either side. */
    private static String text(byte[] bytes) {
        int from = 0;
        int to = bytes.length;
        while (from < to && (bytes[from] == 0 || bytes[from] == ' ')) {
            from++;
        }
        while (to > from && (bytes[to - 1] == 0 || bytes[to - 1] == ' ')) {
            to--;
        }
        return new String(bytes, from, to - from, GBK);
    }

    /** Bounds-checked big-endian reads over a range of a byte array. */
    private static final class Reader {
        private final byte[] data;
        private final int end;
        private int at;

        Reader(byte[] data, int from, int to) {
            this.data = data;
            this.at = from;
            this.end = to;
        }

        int remaining() {
            return end - at;
        }

        int u8(String what) throws Jt808DecodeException {
            need(1, what);
            return data[at++] & 0xFF;
        }

        int u16(String what) throws Jt808DecodeException {
            need(2, what);
            int value = (data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF);
            at += 2;
            return value;
        }

        long u32(String what) throws Jt808DecodeException {
            need(4, what);
            long value = (data[at] & 0xFFL) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8
                    | (data[at + 3] & 0xFF);
            at += 4;
            return value;
        }

        byte[] bytes(int n, String what) throws Jt808DecodeException {
            need(n, what);
            byte[] value = Arrays.copyOfRange(data, at, at + n);
            at += n;
            return value;
        }

        byte[] rest() {
            byte[] value = Arrays.copyOfRange(data, at, end);
            at = end;
            return value;
        }

        /** The next {@code n} bytes as their own reader; this one moves past them. */
        Reader slice(int n, String what) throws Jt808DecodeException {
            need(n, what);
            Reader slice = new Reader(data, at, at + n);
            at += n;
            return slice;
        }

        private void need(int n, String what) throws Jt808DecodeException {
            if (n > end - at) {
                throw new Jt808DecodeException("body too short for the " + what + ": " + (end - at) + " of " + n
                        + " bytes left");
            }
        }
    }
}
