package org.muster.server.ingest.nmea;

import org.muster.server.ingest.Fix;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decodes NMEA 0183 text into fixes: RMC and GGA from the GP, BD, GB, GN, GL and GA talkers, checksums verified, RMC
 * and GGA of one epoch merged into one fix. The rules are in the package documentation.
 *
 * <p>Stateless and thread-safe. Runs in time linear in the input and never allocates more than a line's worth per
 * line plus the fixes, which are capped: more than {@code maxFixes} fixes fail the whole text rather than silently
 * losing the tail of a track.
 */
public final class NmeaDecoder {
    /** Three days of one fix per second. */
    public static final int DEFAULT_MAX_FIXES = 250_000;
    /** The standard says 82; receivers with extra fields and proprietary sentences go past it. */
    public static final int MAX_LINE_CHARS = 1024;
    /** Nominal user-equivalent range error of a consumer receiver, metres: accuracy = HDOP x this. */
    public static final double NOMINAL_UERE_M = 5.0;

    static final double MPS_PER_KNOT = 1852.0 / 3600.0;
    private static final int MAX_FIELDS = 32;
    private static final int MAX_NUMBER_CHARS = 20;
    private static final long DAY_MS = 86_400_000L;
    private static final long HALF_DAY_MS = DAY_MS / 2;
    private static final long NO_TIME = Long.MIN_VALUE;
    /** A missing optional number: the field is empty. */
    private static final double ABSENT = Double.NEGATIVE_INFINITY;
    private static final Set<String> TALKERS = Set.of("GP", "BD", "GB", "GN", "GL", "GA");

    private final int maxFixes;

    public NmeaDecoder() {
        this(DEFAULT_MAX_FIXES);
    }

    public NmeaDecoder(int maxFixes) {
        if (maxFixes < 1) {
            throw new IllegalArgumentException("maxFixes must be positive: " + maxFixes);
        }
        this.maxFixes = maxFixes;
    }

    /**
     * Decodes a whole NMEA text.
     *
     * @throws NmeaDecodeException if the text holds more than {@code maxFixes} fixes
     */
    public NmeaResult decode(String text) throws NmeaDecodeException {
        Objects.requireNonNull(text, "text");
        Decoding decoding = new Decoding(maxFixes);
        int length = text.length();
        int start = 0;
        while (start < length) {
            int end = start;
            while (end < length) {
                char c = text.charAt(end);
                if (c == '\n' || c == '\r') {
                    break;
                }
                end++;
            }
            decoding.line(text, start, end);
            start = end + 1;
        }
        return decoding.finish();
    }

    /**
     * Decodes NMEA bytes. NMEA is ASCII; the bytes are read as ISO-8859-1 so that every byte is one character and
     * non-ASCII bytes merely fail the sentence they are in.
     */
    public NmeaResult decode(byte[] data) throws NmeaDecodeException {
        return decode(new String(Objects.requireNonNull(data, "data"), StandardCharsets.ISO_8859_1));
    }

    /** The state of one {@link #decode} call: counters, the fixes so far and the epoch being assembled. */
    private static final class Decoding {
        private final int maxFixes;
        private final List<Fix> fixes = new ArrayList<>();
        private int sentences;
        private int badChecksums;
        private int ignored;
        private int noFix;
        private int invalid;
        private int undated;

        /** Time of day (ms) of the epoch being assembled, or -1 when none is. */
        private long epochTod = -1;
        private Rmc epochRmc;
        private boolean epochRmcVoid;
        private Gga epochGga;
        /** Epoch ms of the latest valid RMC: the date source for GGA-only epochs. */
        private long lastRmcTimeMs = NO_TIME;

        Decoding(int maxFixes) {
            this.maxFixes = maxFixes;
        }

        void line(String text, int from, int to) throws NmeaDecodeException {
            int start = from;
            int end = to;
            while (start < end && text.charAt(start) <= ' ') {
                start++;
            }
            while (end > start && text.charAt(end - 1) <= ' ') {
                end--;
            }
            if (start == end) {
                return;
            }
            sentences++;
            if (end - start > MAX_LINE_CHARS) {
                invalid++;
                return;
            }
            char lead = text.charAt(start);
            if (lead != '$' && lead != '!') {
                invalid++;
                return;
            }
            int star = text.indexOf('*', start);
            if (star < 0 || end - star != 3) {
                badChecksums++;
                return;
            }
            int high = hexDigit(text.charAt(star + 1));
            int low = hexDigit(text.charAt(star + 2));
            int sum = 0;
            for (int i = start + 1; i < star; i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c > 0x7E) {
                    invalid++;
                    return;
                }
                sum ^= c;
            }
            if (high < 0 || low < 0 || sum != (high << 4 | low)) {
                badChecksums++;
                return;
            }
            if (lead == '!') {
                ignored++;
                return;
            }
            String[] fields = split(text, start + 1, star);
            String address = fields[0];
            if (address.length() != 5 || address.charAt(0) == 'P') {
                ignored++;
                return;
            }
            String talker = address.substring(0, 2);
            String type = address.substring(2);
            if (!TALKERS.contains(talker)) {
                ignored++;
            } else if (type.equals("RMC")) {
                rmc(fields);
            } else if (type.equals("GGA")) {
                gga(fields);
            } else {
                ignored++;
            }
        }

        /** $--RMC,hhmmss.ss,A,llll.ll,a,yyyyy.yy,a,x.x,x.x,ddmmyy,x.x,a,m*hh */
        private void rmc(String[] f) throws NmeaDecodeException {
            if (f.length < 10) {
                invalid++;
                return;
            }
            long tod = timeOfDay(f[1]);
            String status = f[2];
            if (tod < 0 || !(status.equals("A") || status.equals("V"))) {
                invalid++;
                return;
            }
            String mode = field(f, 12);
            if (status.equals("V") || mode.equals("N")) {
                noFix++;
                startEpoch(tod);
                epochRmcVoid = epochRmc == null;
                return;
            }
            long day = epochDay(f[9]);
            double lat = coordinate(f[3], f[4], 'N', 'S', 90);
            double lon = coordinate(f[5], f[6], 'E', 'W', 180);
            double speed = optionalDecimal(f[7], false);
            double course = optionalDecimal(f[8], false);
            if (day == NO_TIME || Double.isNaN(lat) || Double.isNaN(lon) || isBad(speed) || isBad(course)
                    || course > 360) {
                invalid++;
                return;
            }
            startEpoch(tod);
            if (epochRmc != null || epochRmcVoid) {
                ignored++; // a second RMC of the same epoch (another talker): the first one stands
                return;
            }
            long timeMs = day * DAY_MS + tod;
            epochRmc = new Rmc(timeMs, lat, lon,
                    isAbsent(speed) ? null : (float) (speed * MPS_PER_KNOT),
                    isAbsent(course) ? null : (float) course);
            lastRmcTimeMs = timeMs;
        }

        /** $--GGA,hhmmss.ss,llll.ll,a,yyyyy.yy,a,q,nn,h.h,a.a,M,g.g,M,x.x,nnnn*hh */
        private void gga(String[] f) throws NmeaDecodeException {
            if (f.length < 7) {
                invalid++;
                return;
            }
            long tod = timeOfDay(f[1]);
            int quality = f[6].isEmpty() ? 0 : smallInt(f[6]);
            if (tod < 0 || quality < 0) {
                invalid++;
                return;
            }
            if (quality == 0) {
                noFix++;
                return;
            }
            double lat = coordinate(f[2], f[3], 'N', 'S', 90);
            double lon = coordinate(f[4], f[5], 'E', 'W', 180);
            double hdop = optionalDecimal(field(f, 8), false);
            double altitude = optionalDecimal(field(f, 9), true);
            if (Double.isNaN(lat) || Double.isNaN(lon) || isBad(hdop) || isBad(altitude)) {
                invalid++;
                return;
            }
            String altitudeUnit = field(f, 10);
            if (!altitudeUnit.isEmpty() && !altitudeUnit.equals("M")) {
                altitude = ABSENT;
            }
            startEpoch(tod);
            if (epochGga != null) {
                ignored++;
                return;
            }
            epochGga = new Gga(tod, lat, lon,
                    isAbsent(hdop) ? null : (float) (hdop * NOMINAL_UERE_M),
                    isAbsent(altitude) ? null : (float) altitude);
        }

        private void startEpoch(long tod) throws NmeaDecodeException {
            if (epochTod >= 0 && epochTod != tod) {
                flush();
            }
            epochTod = tod;
        }

        private void flush() throws NmeaDecodeException {
            if (epochTod < 0) {
                return;
            }
            Gga gga = epochGga;
            if (epochRmc != null) {
                Rmc rmc = epochRmc;
                emit(new Fix(rmc.timeMs, rmc.lon, rmc.lat, gga == null ? null : gga.accuracyM, rmc.speedMps,
                        rmc.courseDeg, gga == null ? null : gga.altitudeM, null));
            } else if (gga != null && epochRmcVoid) {
                noFix++;
            } else if (gga != null && lastRmcTimeMs == NO_TIME) {
                undated++;
            } else if (gga != null) {
                long timeMs = Math.floorDiv(lastRmcTimeMs, DAY_MS) * DAY_MS + gga.tod;
                if (timeMs < lastRmcTimeMs - HALF_DAY_MS) {
                    timeMs += DAY_MS;
                } else if (timeMs > lastRmcTimeMs + HALF_DAY_MS) {
                    timeMs -= DAY_MS;
                }
                emit(new Fix(timeMs, gga.lon, gga.lat, gga.accuracyM, null, null, gga.altitudeM, null));
            }
            epochTod = -1;
            epochRmc = null;
            epochRmcVoid = false;
            epochGga = null;
        }

        private void emit(Fix fix) throws NmeaDecodeException {
            if (fixes.size() >= maxFixes) {
                throw new NmeaDecodeException("the text holds more than " + maxFixes + " fixes; split it");
            }
            fixes.add(fix);
        }

        NmeaResult finish() throws NmeaDecodeException {
            flush();
            return new NmeaResult(fixes, sentences, badChecksums, ignored, noFix, invalid, undated);
        }
    }

    private record Rmc(long timeMs, double lat, double lon, Float speedMps, Float courseDeg) {
    }

    private record Gga(long tod, double lat, double lon, Float accuracyM, Float altitudeM) {
    }

    /** Splits the fields between {@code $} and {@code *}; fields past {@link #MAX_FIELDS} are dropped. */
    private static String[] split(String text, int from, int to) {
        int count = 1;
        for (int i = from; i < to && count < MAX_FIELDS; i++) {
            if (text.charAt(i) == ',') {
                count++;
            }
        }
        String[] fields = new String[count];
        int start = from;
        for (int k = 0; k < count; k++) {
            int comma = text.indexOf(',', start);
            int end = comma < 0 || comma > to ? to : comma;
            fields[k] = text.substring(start, end);
            start = end + 1;
        }
        return fields;
    }

    private static String field(String[] fields, int index) {
        return index < fields.length ? fields[index] : "";
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /** hhmmss[.f...] to milliseconds of the day (fraction truncated to ms), or -1. */
    static long timeOfDay(String v) {
        if (v.length() < 6 || v.length() > 16 || !digits(v, 0, 6)) {
            return -1;
        }
        int hours = Integer.parseInt(v, 0, 2, 10);
        int minutes = Integer.parseInt(v, 2, 4, 10);
        int seconds = Integer.parseInt(v, 4, 6, 10);
        if (hours > 23 || minutes > 59 || seconds > 60) {
            return -1;
        }
        int millis = 0;
        if (v.length() > 6) {
            if (v.charAt(6) != '.' || !digits(v, 7, v.length())) {
                return -1;
            }
            for (int i = 7; i < 10; i++) {
                millis = millis * 10 + (i < v.length() ? v.charAt(i) - '0' : 0);
            }
        }
        return ((hours * 60L + minutes) * 60 + seconds) * 1000 + millis;
    }

    /** ddmmyy to days since the epoch (years 1980..2079), or {@link #NO_TIME}. */
    static long epochDay(String v) {
        if (v.length() != 6 || !digits(v, 0, 6)) {
            return NO_TIME;
        }
        int day = Integer.parseInt(v, 0, 2, 10);
        int month = Integer.parseInt(v, 2, 4, 10);
        int yy = Integer.parseInt(v, 4, 6, 10);
        int year = yy < 80 ? 2000 + yy : 1900 + yy;
        if (month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth()) {
            return NO_TIME;
        }
        return LocalDate.of(year, month, day).toEpochDay();
    }

    /** (d)ddmm.mmmm plus hemisphere to signed degrees, or NaN. */
    static double coordinate(String value, String hemisphere, char positive, char negative, int maxDegrees) {
        if (hemisphere.length() != 1 || !isDecimal(value, false)) {
            return Double.NaN;
        }
        double raw = Double.parseDouble(value);
        double degrees = Math.floor(raw / 100);
        double minutes = raw - degrees * 100;
        double result = degrees + minutes / 60;
        if (minutes >= 60 || result > maxDegrees) {
            return Double.NaN;
        }
        char h = hemisphere.charAt(0);
        if (h == positive) {
            return result;
        }
        return h == negative ? -result : Double.NaN;
    }

    /** An empty field is {@link #ABSENT}; a malformed or (unsigned fields) negative one is NaN. */
    private static double optionalDecimal(String v, boolean signed) {
        if (v.isEmpty()) {
            return ABSENT;
        }
        return isDecimal(v, signed) ? Double.parseDouble(v) : Double.NaN;
    }

    private static boolean isAbsent(double v) {
        return v == ABSENT;
    }

    private static boolean isBad(double v) {
        return Double.isNaN(v);
    }

    /** A small unsigned integer (at most two digits), or -1. */
    private static int smallInt(String v) {
        return v.length() <= 2 && digits(v, 0, v.length()) ? Integer.parseInt(v) : -1;
    }

    /** [sign] digits [. digits], at least one digit, at most {@link #MAX_NUMBER_CHARS} characters. */
    static boolean isDecimal(String v, boolean signed) {
        int n = v.length();
        if (n == 0 || n > MAX_NUMBER_CHARS) {
            return false;
        }
        int i = 0;
        if (signed && (v.charAt(0) == '-' || v.charAt(0) == '+')) {
            i++;
        }
        int digitCount = 0;
        boolean dot = false;
        for (; i < n; i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                digitCount++;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return false;
            }
        }
        return digitCount > 0;
    }

    private static boolean digits(String v, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
