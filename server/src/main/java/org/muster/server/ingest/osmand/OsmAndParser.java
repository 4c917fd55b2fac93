package org.muster.server.ingest.osmand;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import org.muster.server.ingest.Fix;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Parses an OsmAnd protocol request (query/form parameters or Traccar Client's JSON) into a device id and a fix. The
 * shapes, units and timestamp rules are in the package documentation.
 *
 * <p>Stateless and thread-safe. Bounded: bodies over {@value #MAX_BODY_BYTES} bytes, more than
 * {@value #MAX_PARAMETERS} parameters, JSON nested deeper than {@value #MAX_JSON_DEPTH} or with more than
 * {@value #MAX_JSON_VALUES} values are refused. Never throws for any input; every problem is a
 * {@link OsmAndResult.Rejected} with a message fit for a 400 response.
 */
public final class OsmAndParser {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_PARAMETERS = 100;
    public static final int MAX_JSON_DEPTH = 16;
    public static final int MAX_JSON_VALUES = 1_000;
    public static final int MAX_DEVICE_ID_CHARS = 128;
    /** Nominal user-equivalent range error, metres: accuracy = HDOP x this (as for NMEA and GPX). */
    public static final double NOMINAL_UERE_M = 5.0;
    /** Traccar's rule: a numeric timestamp below this is seconds, from it on milliseconds. */
    public static final long SECONDS_BELOW = Integer.MAX_VALUE;

    private static final long MIN_TIME_MS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    private static final long MAX_TIME_MS = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
    private static final int MAX_NUMBER_CHARS = 32;
    private static final int MAX_TIMESTAMP_CHARS = 64;
    private static final int MAX_ECHO_CHARS = 40;
    private static final Object JSON_NULL = new Object();
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_JSON_DEPTH)
                    .maxNumberLength(MAX_NUMBER_CHARS)
                    .maxStringLength(MAX_BODY_BYTES)
                    .maxNameLength(256)
                    .maxDocumentLength(MAX_BODY_BYTES)
                    .build())
            // attacker-chosen names must not fill the JVM's intern table or the factory's shared symbol table
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build();

    /** The unit of the query/form {@code speed} parameter. */
    public enum SpeedUnit {
        /** Traccar's default and what Traccar Client's query format sends. */
        KNOTS(1852.0 / 3600),
        KILOMETRES_PER_HOUR(1 / 3.6),
        /** What the OsmAnd app sends. */
        METRES_PER_SECOND(1);

        private final double toMetresPerSecond;

        SpeedUnit(double toMetresPerSecond) {
            this.toMetresPerSecond = toMetresPerSecond;
        }
    }

    private final SpeedUnit querySpeedUnit;

    /** Query/form speed in knots, as Traccar assumes by default. */
    public OsmAndParser() {
        this(SpeedUnit.KNOTS);
    }

    public OsmAndParser(SpeedUnit querySpeedUnit) {
        this.querySpeedUnit = Objects.requireNonNull(querySpeedUnit, "querySpeedUnit");
    }

    /**
     * Parses one request.
     *
     * @param parameters  the query parameters, decoded, each with all its values (null: none). A form body is decoded
     *                    here; do not merge it into this map as well.
     * @param contentType the Content-Type header, or null
     * @param body        the request body (null: empty)
     */
    public OsmAndResult parse(Map<String, List<String>> parameters, String contentType, byte[] body) {
        byte[] content = body == null ? new byte[0] : body;
        if (content.length > MAX_BODY_BYTES) {
            return new OsmAndResult.Rejected("body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        String mediaType = mediaType(contentType);
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")
                || (mediaType.isEmpty() && startsWithBrace(content))) {
            return json(content);
        }
        if (parameters != null && parameters.size() > MAX_PARAMETERS) {
            return new OsmAndResult.Rejected("more than " + MAX_PARAMETERS + " parameters");
        }
        Map<String, String> values = new HashMap<>();
        if (parameters != null) {
            parameters.forEach((name, list) -> {
                String first = firstNonEmpty(list);
                if (name != null && first != null) {
                    values.put(name, first);
                }
            });
        }
        if (content.length > 0 && (mediaType.isEmpty() || mediaType.equals("application/x-www-form-urlencoded"))) {
            String problem = form(content, values);
            if (problem != null) {
                return new OsmAndResult.Rejected(problem);
            }
        }
        try {
            return query(values);
        } catch (BadRequest e) {
            return new OsmAndResult.Rejected(e.getMessage());
        }
    }

    private OsmAndResult query(Map<String, String> values) throws BadRequest {
        String deviceId = deviceId(values.containsKey("id") ? values.get("id") : values.get("deviceid"),
                "id (or deviceid)");
        String valid = values.get("valid");
        if (valid != null && (valid.equalsIgnoreCase("false") || valid.equals("0"))) {
            return new OsmAndResult.Ignored(deviceId, "the device marked the position invalid");
        }
        String latText = values.get("lat");
        String lonText = values.get("lon");
        String location = values.get("location");
        if (latText == null && lonText == null && location != null) {
            int comma = location.indexOf(',');
            if (comma < 0) {
                throw new BadRequest("location must be lat,lon: " + echo(location));
            }
            latText = location.substring(0, comma);
            lonText = location.substring(comma + 1);
        }
        if (latText == null && lonText == null) {
            return new OsmAndResult.Ignored(deviceId, "no position");
        }
        double lat = latitude(required(latText, "lat"), "lat");
        double lon = longitude(required(lonText, "lon"), "lon");
        long timeMs = timestamp(required(values.get("timestamp"), "timestamp"));
        Double speed = optional(values, "speed");
        Double bearing = optional(values, values.containsKey("bearing") ? "bearing" : "heading");
        Double altitude = optional(values, "altitude");
        Double accuracy = optional(values, "accuracy");
        Double hdop = optional(values, "hdop");
        Double battery = optional(values, "batt");
        if (accuracy == null && hdop != null) {
            accuracy = hdop * NOMINAL_UERE_M;
        }
        return new OsmAndResult.Accepted(deviceId, new Fix(timeMs, lon, lat,
                nonNegative(accuracy),
                speed == null || speed < 0 ? null : (float) (speed * querySpeedUnit.toMetresPerSecond),
                heading(bearing),
                altitude == null ? null : altitude.floatValue(),
                battery == null || battery < 0 || battery > 100 ? null : (float) (battery / 100)));
    }

    private static OsmAndResult json(byte[] content) {
        Object root;
        try {
            root = readJson(content);
        } catch (IOException | RuntimeException e) {
            // RuntimeException: the parser is not specified to throw only IOException on hostile input
            return new OsmAndResult.Rejected("malformed JSON body");
        }
        try {
            if (!(root instanceof Map<?, ?> object)) {
                throw new BadRequest("the JSON body must be an object");
            }
            Object id = object.get("device_id");
            String deviceId = deviceId(id instanceof Double number && number == Math.rint(number)
                    && Math.abs(number) < 1e15 ? String.valueOf(number.longValue())
                    : id instanceof String text ? text : null, "device_id");
            Object locationValue = object.get("location");
            if (locationValue instanceof List<?>) {
                throw new BadRequest("location arrays (batches) are not supported; send one location per request");
            }
            if (!(locationValue instanceof Map<?, ?> location)) {
                throw new BadRequest("missing location object");
            }
            Object coordsValue = location.get("coords");
            if (coordsValue == null || coordsValue == JSON_NULL) {
                return new OsmAndResult.Ignored(deviceId, "no coordinates");
            }
            if (!(coordsValue instanceof Map<?, ?> coords)) {
                throw new BadRequest("location.coords must be an object");
            }
            Object timestamp = location.get("timestamp");
            long timeMs;
            if (timestamp instanceof String text) {
                timeMs = timestamp(text);
            } else if (timestamp instanceof Double number) {
                timeMs = timestamp(number);
            } else {
                throw new BadRequest("missing location.timestamp");
            }
            double lat = latitude(jsonNumber(coords, "latitude", true), "location.coords.latitude");
            double lon = longitude(jsonNumber(coords, "longitude", true), "location.coords.longitude");
            Double accuracy = jsonNumber(coords, "accuracy");
            Double speed = jsonNumber(coords, "speed");
            Double heading = jsonNumber(coords, "heading");
            Double altitude = jsonNumber(coords, "altitude");
            Double level = location.get("battery") instanceof Map<?, ?> battery ? jsonNumber(battery, "level") : null;
            return new OsmAndResult.Accepted(deviceId, new Fix(timeMs, lon, lat,
                    nonNegative(accuracy),
                    nonNegative(speed),
                    heading(heading),
                    altitude == null ? null : altitude.floatValue(),
                    level == null || level < 0 || level > 1 ? null : level.floatValue()));
        } catch (BadRequest e) {
            return new OsmAndResult.Rejected(e.getMessage());
        }
    }

    /** The JSON as Maps, Lists, Strings, Doubles, Booleans and {@link #JSON_NULL}, within the value cap. */
    private static Object readJson(byte[] content) throws IOException {
        try (JsonParser parser = JSON.createParser(content)) {
            int[] budget = {MAX_JSON_VALUES};
            Object root = jsonValue(parser, parser.nextToken(), budget);
            if (parser.nextToken() != null) {
                throw new IOException("trailing content after the JSON value");
            }
            return root;
        }
    }

    private static Object jsonValue(JsonParser parser, JsonToken token, int[] budget) throws IOException {
        if (token == null) {
            throw new IOException("empty JSON");
        }
        if (--budget[0] < 0) {
            throw new IOException("too many JSON values");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    if (next != JsonToken.FIELD_NAME) {
                        throw new IOException("expected a field name");
                    }
                    String name = parser.currentName();
                    object.putIfAbsent(name, jsonValue(parser, parser.nextToken(), budget));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(jsonValue(parser, next, budget));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return token == JsonToken.VALUE_TRUE;
            }
            case VALUE_NULL -> {
                return JSON_NULL;
            }
            default -> throw new IOException("unexpected JSON token " + token);
        }
    }

    private static Double jsonNumber(Map<?, ?> object, String name) throws BadRequest {
        return jsonNumber(object, name, false);
    }

    /** A JSON number (or a number in a string), null when absent or null unless required. */
    private static Double jsonNumber(Map<?, ?> object, String name, boolean required) throws BadRequest {
        Object value = object.get(name);
        if (value instanceof Double number && Double.isFinite(number)) {
            return number;
        }
        if (value instanceof String text) {
            return number(text, name);
        }
        if ((value == null || value == JSON_NULL) && !required) {
            return null;
        }
        throw new BadRequest(value == null || value == JSON_NULL ? "missing " + name : name + " is not a number");
    }

    /** Decodes an application/x-www-form-urlencoded body into {@code values} (existing keys win); a problem or null. */
    private static String form(byte[] content, Map<String, String> values) {
        String text = new String(content, StandardCharsets.UTF_8);
        int pairs = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('&', start);
            if (end < 0) {
                end = text.length();
            }
            if (end > start) {
                if (++pairs > MAX_PARAMETERS) {
                    return "more than " + MAX_PARAMETERS + " parameters";
                }
                String pair = text.substring(start, end);
                int equals = pair.indexOf('=');
                try {
                    String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                    String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                    if (!value.isEmpty()) {
                        values.putIfAbsent(name, value);
                    }
                } catch (IllegalArgumentException e) {
                    return "malformed form body: bad percent-encoding";
                }
            }
            start = end + 1;
        }
        return null;
    }

    private static String deviceId(String raw, String name) throws BadRequest {
        if (raw == null || raw.isBlank()) {
            throw new BadRequest("missing device id: send " + name);
        }
        String id = raw.strip();
        if (id.length() > MAX_DEVICE_ID_CHARS || id.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequest("device id must be 1.." + MAX_DEVICE_ID_CHARS + " printable characters");
        }
        return id;
    }

    private static double latitude(double value, String name) throws BadRequest {
        if (value < -90 || value > 90) {
            throw new BadRequest(name + " " + value + " is outside -90..90");
        }
        return value;
    }

    private static double longitude(double value, String name) throws BadRequest {
        if (value < -180 || value > 180) {
            throw new BadRequest(name + " " + value + " is outside -180..180");
        }
        return value;
    }

    private static double latitude(String text, String name) throws BadRequest {
        return latitude(number(text, name), name);
    }

    private static double longitude(String text, String name) throws BadRequest {
        return longitude(number(text, name), name);
    }

    private static String required(String value, String name) throws BadRequest {
        if (value == null) {
            throw new BadRequest("missing " + name);
        }
        return value;
    }

    private static Double optional(Map<String, String> values, String name) throws BadRequest {
        String value = values.get(name);
        return value == null ? null : number(value, name);
    }

    private static Float nonNegative(Double value) {
        return value == null || value < 0 ? null : value.floatValue();
    }

    /** Heading in degrees; negative (unknown on phones) or above 360 is left out. */
    private static Float heading(Double value) {
        return value == null || value < 0 || value > 360 ? null : value.floatValue();
    }

    /** A finite decimal number: [sign] digits [. digits] [e [sign] digits]; no NaN, Infinity, hex or suffixes. */
    private static double number(String raw, String name) throws BadRequest {
        String v = raw.strip();
        int n = v.length();
        int i = 0;
        if (n > 0 && (v.charAt(0) == '-' || v.charAt(0) == '+')) {
            i++;
        }
        int digits = 0;
        boolean dot = false;
        for (; i < n; i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (digits > 0 && i < n && (v.charAt(i) == 'e' || v.charAt(i) == 'E')) {
            i++;
            if (i < n && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
                i++;
            }
            int exponentDigits = 0;
            for (; i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9'; i++) {
                exponentDigits++;
            }
            digits = exponentDigits == 0 ? 0 : digits;
        }
        if (digits == 0 || i != n || n > MAX_NUMBER_CHARS) {
            throw new BadRequest(name + " is not a number: " + echo(raw));
        }
        double value = Double.parseDouble(v);
        if (!Double.isFinite(value)) {
            throw new BadRequest(name + " is not a finite number: " + echo(raw));
        }
        return value;
    }

    /** Epoch seconds or milliseconds (Traccar's threshold), or ISO-8601; within 2000..2100. */
    private static long timestamp(String raw) throws BadRequest {
        String v = raw.strip();
        if (v.length() > MAX_TIMESTAMP_CHARS || v.isEmpty()) {
            throw badTimestamp(raw);
        }
        long ms;
        if (isEpochNumber(v)) {
            int dot = v.indexOf('.');
            String whole = dot < 0 ? v : v.substring(0, dot);
            if (whole.isEmpty() || whole.length() > 15) {
                throw badTimestamp(raw);
            }
            long number = Long.parseLong(whole);
            if (number < SECONDS_BELOW) {
                int millis = 0;
                for (int i = 1; i <= 3; i++) {
                    millis = millis * 10 + (dot >= 0 && dot + i < v.length() ? v.charAt(dot + i) - '0' : 0);
                }
                ms = number * 1000 + millis;
            } else {
                ms = number;
            }
        } else {
            ms = isoTimestamp(v.length() > 10 && v.charAt(10) == ' ' ? v.substring(0, 10) + 'T' + v.substring(11) : v,
                    raw);
        }
        if (ms < MIN_TIME_MS || ms >= MAX_TIME_MS) {
            throw new BadRequest("timestamp " + echo(raw) + " is outside 2000..2100");
        }
        return ms;
    }

    /** A JSON number timestamp, by the same rule. */
    private static long timestamp(double value) throws BadRequest {
        if (!(value >= 0 && value < 1e15)) {
            throw badTimestamp(String.valueOf(value));
        }
        long ms = value < SECONDS_BELOW ? Math.round(value * 1000) : (long) value;
        if (ms < MIN_TIME_MS || ms >= MAX_TIME_MS) {
            throw new BadRequest("timestamp " + value + " is outside 2000..2100");
        }
        return ms;
    }

    private static boolean isEpochNumber(String v) {
        boolean dot = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '.' && !dot) {
                dot = true;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static long isoTimestamp(String v, String raw) throws BadRequest {
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(v);
            int year = parsed.get(ChronoField.YEAR);
            if (year < 1999 || year > 2100) {
                throw new BadRequest("timestamp " + echo(raw) + " is outside 2000..2100");
            }
            Instant instant = parsed.isSupported(ChronoField.OFFSET_SECONDS) ? Instant.from(parsed)
                    : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
            return instant.toEpochMilli();
        } catch (DateTimeException e) {
            throw badTimestamp(raw);
        }
    }

    private static BadRequest badTimestamp(String raw) {
        return new BadRequest("timestamp is neither epoch seconds, epoch milliseconds nor ISO-8601: " + echo(raw));
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean startsWithBrace(byte[] content) {
        for (byte b : content) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{';
            }
        }
        return false;
    }

    private static String firstNonEmpty(List<String> values) {
        if (values != null) {
            for (String value : values) {
                if (value != null && !value.isEmpty()) {
                    return value;
                }
            }
        }
        return null;
    }

    /** A client's value, shortened and with control characters replaced, fit to quote in a response. */
    private static String echo(String value) {
        String shortened = value.length() > MAX_ECHO_CHARS ? value.substring(0, MAX_ECHO_CHARS) + "..." : value;
        StringBuilder safe = new StringBuilder(shortened.length() + 2).append('\'');
        shortened.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return safe.append('\'').toString();
    }

    /** Why a request is malformed; becomes {@link OsmAndResult.Rejected}. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
