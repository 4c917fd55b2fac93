package org.muster.server.ingest.gpx;

import org.muster.server.ingest.Fix;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes a GPX document's track points into fixes; what is read and the security rules are in the package
 * documentation.
 *
 * <p>Stateless and thread-safe (each call makes its own parser). Bounded: the document may not exceed
 * {@code maxBytes}, nor hold more than {@code maxPoints} track points, nor nest deeper than {@value #MAX_DEPTH}
 * elements; exceeding a cap fails the whole document rather than silently losing the tail of a track.
 */
public final class GpxDecoder {
    public static final int DEFAULT_MAX_POINTS = 250_000;
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    /** Nominal user-equivalent range error, metres: accuracy = HDOP x this (as for NMEA). */
    public static final double NOMINAL_UERE_M = 5.0;
    public static final int MAX_DEPTH = 64;

    static final String GPX_1_1 = "http://www.topografix.com/GPX/1/1";
    static final String GPX_1_0 = "http://www.topografix.com/GPX/1/0";
    /** Longest text of a value element we read (with surrounding whitespace); longer values are malformed. */
    private static final int MAX_TEXT_CHARS = 256;
    private static final int MAX_NUMBER_CHARS = 32;
    private static final int MAX_TIME_CHARS = 64;
    /** Times outside this range are a broken device clock or a unit error, not a track. */
    private static final long MIN_TIME_MS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    private static final long MAX_TIME_MS = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
    private static final long NO_TIME = Long.MIN_VALUE;
    /** Where the XML declaration must be found. */
    private static final int PROLOG_BYTES = 256;

    private final int maxPoints;
    private final long maxBytes;

    public GpxDecoder() {
        this(DEFAULT_MAX_POINTS, DEFAULT_MAX_BYTES);
    }

    public GpxDecoder(int maxPoints, long maxBytes) {
        if (maxPoints < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("caps must be positive: " + maxPoints + ", " + maxBytes);
        }
        this.maxPoints = maxPoints;
        this.maxBytes = maxBytes;
    }

    public GpxResult decode(byte[] data) throws GpxDecodeException {
        Objects.requireNonNull(data, "data");
        if (data.length > maxBytes) {
            throw tooLarge();
        }
        return decode(new ByteArrayInputStream(data));
    }

    /**
     * Decodes a document from a stream, reading at most {@code maxBytes + 1} bytes. The stream is not closed.
     * A read failure of the stream is reported as a {@link GpxDecodeException} with the cause.
     *
     * @throws GpxDecodeException if the document is not well-formed, not GPX, has a DTD, or exceeds a cap
     */
    public GpxResult decode(InputStream in) throws GpxDecodeException {
        CappedInputStream capped = new CappedInputStream(Objects.requireNonNull(in, "in"), maxBytes);
        XMLStreamReader reader = null;
        try {
            reader = factory().createXMLStreamReader(characters(capped));
            return new Parse(reader).document();
        } catch (IOException e) {
            throw capped.exceeded ? tooLarge() : new GpxDecodeException("cannot read the document: " + e, e);
        } catch (XMLStreamException e) {
            throw capped.exceeded ? tooLarge() : new GpxDecodeException("not well-formed XML: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // The JDK parser is not specified to throw only XMLStreamException on hostile input; keep the contract.
            throw capped.exceeded ? tooLarge() : new GpxDecodeException("unreadable XML: " + e, e);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release beyond what the parser holds
                }
            }
        }
    }

    private GpxDecodeException tooLarge() {
        return new GpxDecodeException("document exceeds " + maxBytes + " bytes");
    }

    /**
     * Decodes the bytes into characters ourselves, strictly: the JDK parser prints a line to stderr for every
     * malformed byte sequence, and a device upload must not be able to write to the server's stderr. The encoding is
     * the byte order mark's, else the XML declaration's, else UTF-8.
     */
    private static Reader characters(InputStream in) throws IOException, GpxDecodeException {
        BufferedInputStream buffered = new BufferedInputStream(in, 8192);
        buffered.mark(PROLOG_BYTES);
        byte[] head = buffered.readNBytes(PROLOG_BYTES);
        buffered.reset();
        Charset charset = StandardCharsets.UTF_8;
        int bom = 0;
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            bom = 3;
        } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            bom = 2;
        } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            bom = 2;
        } else {
            charset = declaredEncoding(new String(head, StandardCharsets.ISO_8859_1));
        }
        buffered.skipNBytes(bom);
        return new InputStreamReader(buffered, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /** The encoding named by an XML declaration at the start of the text, UTF-8 when there is none. */
    private static Charset declaredEncoding(String head) throws GpxDecodeException {
        if (!head.startsWith("<?xml")) {
            return StandardCharsets.UTF_8;
        }
        int end = head.indexOf("?>");
        String declaration = end < 0 ? head : head.substring(0, end);
        int at = declaration.indexOf("encoding");
        if (at < 0) {
            return StandardCharsets.UTF_8;
        }
        int quote = at + "encoding".length();
        while (quote < declaration.length() && (declaration.charAt(quote) == '=' || declaration.charAt(quote) <= ' ')) {
            quote++;
        }
        if (quote >= declaration.length()) {
            throw new GpxDecodeException("malformed XML declaration");
        }
        char mark = declaration.charAt(quote);
        int close = declaration.indexOf(mark, quote + 1);
        if ((mark != '"' && mark != '\'') || close < 0) {
            throw new GpxDecodeException("malformed XML declaration");
        }
        String name = declaration.substring(quote + 1, close);
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new GpxDecodeException("unsupported encoding: " + name.substring(0, Math.min(name.length(), 40)));
        }
    }

    private static XMLInputFactory factory() {
        // newDefaultFactory: always the JDK's parser, whose security properties are known, whatever is on the classpath
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        // no entity limits needed: without a DTD only the five predefined entities and character references exist
        factory.setProperty("jdk.xml.maxElementDepth", String.valueOf(MAX_DEPTH));
        factory.setProperty("jdk.xml.elementAttributeLimit", "64");
        factory.setProperty("jdk.xml.maxXMLNameLimit", "256");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entities are not allowed");
        });
        return factory;
    }

    /** One pass over one document. */
    private final class Parse {
        private final XMLStreamReader reader;
        private final List<Fix> fixes = new ArrayList<>();
        private int points;
        private int withoutTime;
        private int invalid;
        private String gpxNamespace;

        Parse(XMLStreamReader reader) {
            this.reader = reader;
        }

        GpxResult document() throws XMLStreamException, GpxDecodeException {
            while (next() != XMLStreamConstants.START_ELEMENT) {
                // prolog: comments, processing instructions, whitespace; a DTD fails in next()
            }
            String namespace = namespace();
            if (!reader.getLocalName().equals("gpx")
                    || !(namespace.equals(GPX_1_1) || namespace.equals(GPX_1_0) || namespace.isEmpty())) {
                throw new GpxDecodeException("not a GPX document: the root element is {" + namespace + "}"
                        + reader.getLocalName());
            }
            gpxNamespace = namespace;
            int depth = 1;
            boolean inTrack = false;
            boolean inSegment = false;
            while (depth > 0) {
                int event = next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (depth == 1 && isGpx("trk")) {
                        inTrack = true;
                        depth++;
                    } else if (depth == 2 && inTrack && isGpx("trkseg")) {
                        inSegment = true;
                        depth++;
                    } else if (depth == 3 && inSegment && isGpx("trkpt")) {
                        point();
                    } else {
                        skipElement();
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    inSegment = inSegment && depth >= 3;
                    inTrack = inTrack && depth >= 2;
                }
            }
            while (next() != XMLStreamConstants.END_DOCUMENT) {
                // epilog: the parser refuses a second root or text; comments are fine
            }
            return new GpxResult(fixes, points, withoutTime, invalid);
        }

        /** Reads one trkpt, from its start tag (current) to its end tag. */
        private void point() throws XMLStreamException, GpxDecodeException {
            points++;
            if (points > maxPoints) {
                throw new GpxDecodeException("the document holds more than " + maxPoints + " track points");
            }
            String latText = reader.getAttributeValue(null, "lat");
            String lonText = reader.getAttributeValue(null, "lon");
            String ele = null;
            String time = null;
            String hdop = null;
            String speed = null;
            String course = null;
            String fix = null;
            String extensionSpeed = null;
            String extensionCourse = null;
            int extensionDepth = 0;
            while (true) {
                int event = next();
                if (event == XMLStreamConstants.END_ELEMENT) {
                    if (extensionDepth == 0) {
                        break;
                    }
                    extensionDepth--;
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = reader.getLocalName();
                    if (extensionDepth > 0) {
                        if (name.equals("speed") && extensionSpeed == null) {
                            extensionSpeed = text();
                        } else if ((name.equals("course") || name.equals("heading")) && extensionCourse == null) {
                            extensionCourse = text();
                        } else {
                            extensionDepth++; // a container such as gpxtpx:TrackPointExtension: look inside
                        }
                    } else if (!namespace().equals(gpxNamespace)) {
                        skipElement();
                    } else {
                        switch (name) {
                            case "ele" -> ele = text();
                            case "time" -> time = text();
                            case "hdop" -> hdop = text();
                            case "speed" -> speed = text();
                            case "course" -> course = text();
                            case "fix" -> fix = text();
                            case "extensions" -> extensionDepth = 1;
                            default -> skipElement();
                        }
                    }
                }
            }

            double lat = decimal(latText);
            double lon = decimal(lonText);
            if (Double.isNaN(lat) || Double.isNaN(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180
                    || "none".equals(fix)) {
                invalid++;
                return;
            }
            if (time == null || time.isEmpty()) {
                withoutTime++;
                return;
            }
            long timeMs = time(time);
            if (timeMs == NO_TIME) {
                invalid++;
                return;
            }
            double accuracy = decimal(hdop) * NOMINAL_UERE_M;
            double speedMps = decimal(speed != null ? speed : extensionSpeed);
            double courseDeg = decimal(course != null ? course : extensionCourse);
            double altitude = decimal(ele);
            fixes.add(new Fix(timeMs, lon, lat,
                    accuracy >= 0 ? (float) accuracy : null,
                    speedMps >= 0 ? (float) speedMps : null,
                    courseDeg >= 0 && courseDeg <= 360 ? (float) courseDeg : null,
                    Double.isNaN(altitude) ? null : (float) altitude,
                    null));
        }

        /** The text of a value element, from its start tag (current) to its end tag; null when not plain text. */
        private String text() throws XMLStreamException, GpxDecodeException {
            StringBuilder text = new StringBuilder();
            boolean plain = true;
            while (true) {
                int event = next();
                switch (event) {
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        int length = reader.getTextLength();
                        if (text.length() + length > MAX_TEXT_CHARS) {
                            plain = false;
                        } else {
                            text.append(reader.getTextCharacters(), reader.getTextStart(), length);
                        }
                    }
                    case XMLStreamConstants.START_ELEMENT -> {
                        skipElement();
                        plain = false;
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        return plain ? text.toString().strip() : null;
                    }
                    default -> {
                        // comments and processing instructions inside a value are allowed and skipped
                    }
                }
            }
        }

        /** Skips an element, from its start tag (current) to its end tag. */
        private void skipElement() throws XMLStreamException, GpxDecodeException {
            int depth = 1;
            while (depth > 0) {
                int event = next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        }

        private int next() throws XMLStreamException, GpxDecodeException {
            if (!reader.hasNext()) {
                throw new GpxDecodeException("the document ends early");
            }
            int event = reader.next();
            if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE
                    || event == XMLStreamConstants.ENTITY_DECLARATION) {
                throw new GpxDecodeException("DTDs and entity references are not allowed");
            }
            return event;
        }

        private boolean isGpx(String localName) {
            return reader.getLocalName().equals(localName) && namespace().equals(gpxNamespace);
        }

        private String namespace() {
            String namespace = reader.getNamespaceURI();
            return namespace == null ? "" : namespace;
        }
    }

    /** xsd:decimal ([sign] digits [. digits]), or NaN when absent or malformed. */
    static double decimal(String v) {
        if (v == null || v.isEmpty() || v.length() > MAX_NUMBER_CHARS) {
            return Double.NaN;
        }
        int i = v.charAt(0) == '-' || v.charAt(0) == '+' ? 1 : 0;
        int digits = 0;
        boolean dot = false;
        for (; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return Double.NaN;
            }
        }
        return digits > 0 ? Double.parseDouble(v) : Double.NaN;
    }

    /** ISO-8601 date-time (UTC when it has no offset) to epoch ms within the sane range, or {@link #NO_TIME}. */
    static long time(String v) {
        if (v.length() > MAX_TIME_CHARS) {
            return NO_TIME;
        }
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(v);
            int year = parsed.get(ChronoField.YEAR);
            if (year < 1999 || year > 2100) {
                return NO_TIME;
            }
            Instant instant = parsed.isSupported(ChronoField.OFFSET_SECONDS) ? Instant.from(parsed)
                    : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
            long ms = instant.toEpochMilli();
            return ms >= MIN_TIME_MS && ms < MAX_TIME_MS ? ms : NO_TIME;
        } catch (DateTimeException e) {
            return NO_TIME;
        }
    }

    /** Fails the read once more than {@code max} bytes came through, so the parser stops early. */
    private static final class CappedInputStream extends FilterInputStream {
        private final long max;
        private long count;
        private boolean exceeded;

        CappedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            if (skipped > 0) {
                counted(skipped);
            }
            return skipped;
        }

        private void counted(long n) throws IOException {
            count += n;
            if (count > max) {
                exceeded = true;
                throw new IOException("document exceeds " + max + " bytes");
            }
        }
    }
}
