package org.muster.server.ingest.gpx;

import org.junit.jupiter.api.Test;
import org.muster.server.ingest.Fix;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GpxDecoderTest {
    private final GpxDecoder decoder = new GpxDecoder();

    @Test
    void realisticTrackGivesEveryTrackPointOfEverySegment() throws Exception {
        GpxResult result = decoder.decode(resource("realistic-track.gpx"));

        assertThat(result.points()).isEqualTo(3);
        assertThat(result.fixes()).extracting(fix -> Instant.ofEpochMilli(fix.timeMs())).containsExactly(
                Instant.parse("2024-05-12T01:00:00Z"),
                Instant.parse("2024-05-12T01:00:05Z"),
                Instant.parse("2024-05-12T01:10:00.250Z"));
        Fix first = result.fixes().get(0);
        assertThat(first.lat()).isEqualTo(31.002345);
        assertThat(first.lon()).isEqualTo(103.612345);
        assertThat(first.altitudeM()).isEqualTo(1321.5f);
        assertThat(first.accuracyM()).isCloseTo(4.5f, within(1e-5f));
        assertThat(first.speedMps()).isNull();
        Fix second = result.fixes().get(1);
        assertThat(second.speedMps()).isEqualTo(1.4f);
        assertThat(second.headingDeg()).isEqualTo(45.5f);
        assertThat(second.accuracyM()).isNull();
        Fix third = result.fixes().get(2);
        assertThat(third.lat()).isEqualTo(-0.5);
        assertThat(third.lon()).isEqualTo(-78.25);
        assertThat(third.altitudeM()).isNull();
    }

    @Test
    void readsGpx10SpeedAndCourseAndDropsPointsWithoutAFix() throws Exception {
        GpxResult result = decoder.decode(resource("gpx10-speed-course.gpx"));

        assertThat(result.fixes()).singleElement().satisfies(fix -> {
            assertThat(fix.speedMps()).isEqualTo(13.9f);
            assertThat(fix.headingDeg()).isEqualTo(270f);
            assertThat(fix.altitudeM()).isEqualTo(12f);
        });
        assertThat(result.invalid()).isEqualTo(1);
    }

    @Test
    void pointsWithoutTimeAreCountedAndDroppedAndTimesWithoutOffsetAreUtc() throws Exception {
        GpxResult result = decoder.decode(resource("missing-time.gpx"));

        assertThat(result.points()).isEqualTo(3);
        assertThat(result.withoutTime()).isEqualTo(2);
        assertThat(result.fixes()).singleElement()
                .satisfies(fix -> assertThat(fix.timeMs()).isEqualTo(Instant.parse("2024-01-01T00:00:03Z").toEpochMilli()));
    }

    @Test
    void badCoordinatesAndTimesDropThePointAndBadOptionalValuesOnlyTheValue() throws Exception {
        GpxResult result = decoder.decode(resource("bad-coordinates.gpx"));

        assertThat(result.points()).isEqualTo(9);
        assertThat(result.invalid()).isEqualTo(8);
        assertThat(result.fixes()).singleElement().satisfies(fix -> {
            assertThat(fix.lat()).isEqualTo(-90);
            assertThat(fix.lon()).isEqualTo(180);
            assertThat(fix.altitudeM()).isNull();
            assertThat(fix.accuracyM()).isNull();
        });
    }

    @Test
    void readsPredefinedEntitiesCharacterReferencesCdataAndCommentsInValues() throws Exception {
        String gpx = "<gpx xmlns='http://www.topografix.com/GPX/1/1'><trk><name>A &amp; B &lt;x&gt; &#x4E2D;</name>"
                + "<trkseg><trkpt lat='1' lon='2'><time>2024-01-01T00:00:00Z</time><ele><![CDATA[12.5]]></ele></trkpt>"
                + "<trkpt lat='&#x31;' lon='2'><time> 2024-01-01T00:00:01Z </time><hdop>1<!-- x -->.0</hdop></trkpt>"
                + "</trkseg></trk></gpx>";

        GpxResult result = decoder.decode(gpx.getBytes(StandardCharsets.UTF_8));

        assertThat(result.fixes()).hasSize(2);
        assertThat(result.fixes().get(0).altitudeM()).isEqualTo(12.5f);
        assertThat(result.fixes().get(1).lat()).isEqualTo(1);
        assertThat(result.fixes().get(1).accuracyM()).isEqualTo(5f);
    }

    @Test
    void refusesXmlThatIsNotGpx() {
        assertThatThrownBy(() -> decoder.decode(resource("not-gpx.kml")))
                .isInstanceOf(GpxDecodeException.class).hasMessageContaining("not a GPX document")
                .hasMessageContaining("kml");
    }

    @Test
    void refusesTruncatedXml() throws Exception {
        byte[] whole = resource("realistic-track.gpx");
        for (int length : new int[] {0, 10, whole.length / 2, whole.length - 8}) {
            byte[] truncated = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> decoder.decode(truncated)).as("cut at %d", length)
                    .isInstanceOf(GpxDecodeException.class);
        }
    }

    @Test
    void refusesAnExternalEntityWithoutReadingTheFile() throws Exception {
        byte[] xxe = resource("xxe-file.gpx");

        assertThatThrownBy(() -> decoder.decode(xxe))
                .isInstanceOf(GpxDecodeException.class).hasMessageContaining("DTD")
                .hasMessageNotContaining("root:");
    }

    @Test
    void refusesAnExternalDtdWithoutFetchingIt() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            server.setSoTimeout(300);
            String gpx = "<?xml version=\"1.0\"?>\n<!DOCTYPE gpx SYSTEM \"http://127.0.0.1:" + server.getLocalPort()
                    + "/evil.dtd\">\n<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"/>";

            assertThatThrownBy(() -> decoder.decode(gpx.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(GpxDecodeException.class).hasMessageContaining("DTD");
            assertThatThrownBy(server::accept).as("nobody connected").isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void refusesEntityExpansion() throws Exception {
        byte[] laughs = resource("billion-laughs.gpx");

        assertThatThrownBy(() -> decoder.decode(laughs)).isInstanceOf(GpxDecodeException.class);
    }

    @Test
    void refusesDocumentsOverTheSizeCapFromBytesAndFromStreams() throws Exception {
        byte[] track = resource("realistic-track.gpx");
        GpxDecoder small = new GpxDecoder(10, track.length - 1);

        assertThatThrownBy(() -> small.decode(track)).isInstanceOf(GpxDecodeException.class)
                .hasMessageContaining("exceeds");
        assertThatThrownBy(() -> small.decode(new ByteArrayInputStream(track))).isInstanceOf(GpxDecodeException.class)
                .hasMessageContaining("exceeds");
        assertThat(new GpxDecoder(10, track.length).decode(new ByteArrayInputStream(track)).fixes()).hasSize(3);
    }

    @Test
    void refusesMorePointsThanTheCap() throws Exception {
        byte[] track = resource("realistic-track.gpx");

        assertThatThrownBy(() -> new GpxDecoder(2, 1 << 20).decode(track)).isInstanceOf(GpxDecodeException.class)
                .hasMessageContaining("more than 2 track points");
    }

    @Test
    void refusesNestingDeeperThanTheCap() {
        String deep = "<gpx xmlns=\"http://www.topografix.com/GPX/1/1\">" + "<extensions>".repeat(200)
                + "</extensions>".repeat(200) + "</gpx>";

        assertThatThrownBy(() -> decoder.decode(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GpxDecodeException.class);
    }

    @Test
    void readsTheEncodingTheXmlDeclarationNames() throws Exception {
        String gpx = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n<gpx version=\"1.1\" creator=\"北斗手持机\" "
                + "xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>救援三队</name><trkseg>"
                + "<trkpt lat=\"30.0\" lon=\"104.0\"><time>2024-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>";

        assertThat(decoder.decode(gpx.getBytes("GBK")).fixes()).hasSize(1);
        byte[] withBom = ("\uFEFF" + gpx.replace("GBK", "UTF-8")).getBytes(StandardCharsets.UTF_8);
        assertThat(decoder.decode(withBom).fixes()).hasSize(1);
    }

    @Test
    void refusesMalformedBytesWithoutWritingToStderr() throws Exception {
        byte[] gpx = "<gpx xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>\u00e9\u00ff</name></trk></gpx>"
                .getBytes(StandardCharsets.ISO_8859_1);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> decoder.decode(gpx)).isInstanceOf(GpxDecodeException.class);
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void refusesAnUnknownDeclaredEncoding() {
        byte[] gpx = "<?xml version='1.0' encoding='klingon'?><gpx/>".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> decoder.decode(gpx)).isInstanceOf(GpxDecodeException.class)
                .hasMessageContaining("unsupported encoding");
    }

    @Test
    void randomMutationsNeverThrowAnythingButTheDecodeException() throws Exception {
        byte[] original = resource("realistic-track.gpx");
        Random random = new Random(1011);
        for (int round = 0; round < 2_000; round++) {
            byte[] mutated = original.clone();
            for (int k = 0; k < 1 + random.nextInt(8); k++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            try {
                assertThat(decoder.decode(mutated).fixes()).hasSizeLessThanOrEqualTo(3);
            } catch (GpxDecodeException expected) {
                // fine: the contract
            }
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = GpxDecoderTest.class.getResourceAsStream("/ingest/gpx/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
